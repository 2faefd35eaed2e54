using System.Text.RegularExpressions;

namespace PromptStack.Blueprints.Catalog.Templates;

/// <summary>
/// What a landing-page prompt says about reaching the business: an e-mail address, a phone number, opening hours.
/// A prompt may name one without giving it ("with a contact email"); the page then still shows the line, with a
/// placeholder to replace, because dropping what the user asked for reads as the prompt being ignored.
/// </summary>
internal sealed partial record LandingPageContact(string? Email, bool EmailIsPlaceholder, string? Phone, bool PhoneIsPlaceholder, string? Hours, bool WantsHours)
{
    public const string PlaceholderEmail = "hello@example.com";
    public const string PlaceholderPhone = "+1 555 0100";

    public bool Any => Email is not null || Phone is not null || WantsHours;

    public static LandingPageContact Read(PromptFacts prompt)
    {
        var email = EmailPattern().Match(prompt.Text) is { Success: true } e ? e.Value : null;
        var emailNamed = prompt.Has("emails?|mail|email address");
        var phone = PhonePattern().Match(prompt.Text) is { Success: true } p ? p.Groups["v"].Value.Trim() : null;
        var phoneNamed = prompt.Has("phone(?: number)?s?|telephone|tel|call us|mobile");
        var hours = HoursPattern().Match(prompt.Text) is { Success: true } h ? h.Groups["v"].Value.Trim() : null;
        var wantsHours = hours is not null || prompt.Has("(?:opening|business|open|office) hours|hours|open(?:ing)? times");
        return new LandingPageContact(
            email ?? (emailNamed ? PlaceholderEmail : null), email is null && emailNamed,
            phone ?? (phoneNamed ? PlaceholderPhone : null), phone is null && phoneNamed,
            hours, wantsHours);
    }

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex EmailPattern();

    // "+44 20 7946 0958", "(555) 123-4567", "555-0100": seven or more digits with spaces, dots, dashes or brackets.
    // Only after a phone word, so dates and prices are never taken for a number.
    [GeneratedRegex(@"\b(?:phone|telephone|tel|call(?: us)?|mobile)(?: number)?\s*(?::|is|at|on)?\s*(?<v>\+?\(?\d[\d ().-]{5,18}\d)(?![\w@])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex PhonePattern();

    // "open 8am-6pm", "hours Mon-Fri 7:00-18:00", "open daily from 9 to 5".
    [GeneratedRegex(@"\b(?:open(?:ing)?(?: hours)?|hours)\s*(?::|are|of|from)?\s*(?<v>(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?:\s*(?:-|to|and|,)\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)*|daily|every day|weekdays|weekends)?\s*(?:from\s+)?\d{1,2}(?::\d{2})?\s*(?:am|pm)?\s*(?:-|to|until|till)\s*\d{1,2}(?::\d{2})?\s*(?:am|pm)?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex HoursPattern();
}
