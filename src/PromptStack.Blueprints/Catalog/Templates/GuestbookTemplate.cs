using System.Text;
using System.Text.RegularExpressions;

namespace PromptStack.Blueprints.Catalog.Templates;

/// <summary>One form field of a guestbook or feedback form.</summary>
internal sealed record FormField(string Key, string Label, string Type, bool Required, bool Private);

/// <summary>
/// A guestbook, feedback, sign-up, RSVP or contact form with the fields the prompt names
/// ("with name, email and rating fields"); entries are stored, and a guestbook lists them.
/// E-mail and phone values are stored but never listed publicly.
/// </summary>
internal sealed partial class GuestbookTemplate : AppTemplate
{
    private const int MaxFields = 10;

    private static readonly HashSet<string> KnownFieldWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "first name", "last name", "full name", "email", "email address", "phone", "phone number", "message", "comment",
        "comments", "rating", "ratings", "star rating", "star ratings", "stars", "score", "age", "city", "country", "company",
        "website", "date", "guests", "number of guests", "title", "subject", "feedback", "review", "suggestion", "suggestions",
        "question", "questions", "address", "birthday", "notes",
    };

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "id", "pk", "sk", "createdAt", "values", "__proto__", "constructor", "prototype" };

    public override string Name => "guestbook";

    public override string Description => "a guestbook or form (feedback, sign-up, RSVP, contact) with the fields you name";

    public override string Example => "a feedback form with name, email and rating fields";

    public override IReadOnlyList<Keyword> Keywords { get; } =
    [
        new("guestbook|visitor ?book", 6),
        new("feedback", 5),
        new("sign ?ups?|sign-ups?|registrations?|register|rsvps?|wait ?list|waiting list", 4),
        new("contact (?:form|page|us)", 4),
        new("forms?", 3),
        new("surveys?|questionnaires?", 3),
        new("testimonials?|reviews?|comments?", 3),
        new("fields?", 3),
        new("collect(?:s|ing)?|submissions?|submit", 2),
        new("ratings?", 1),
    ];

    public override TemplateBuild Build(PromptFacts prompt)
    {
        var kind = Kind(prompt);
        var fields = Fields(prompt, kind);
        var title = prompt.CalledName() ?? kind switch
        {
            "guestbook" => "Guestbook",
            "feedback" => "Feedback",
            "rsvp" => "RSVP",
            "signup" => "Sign Up",
            "contact" => "Contact",
            "comments" => "Comments",
            _ => "Form",
        };
        var showEntries = kind is "guestbook" or "comments";
        var lead = kind switch
        {
            "guestbook" => "Leave a message in the guestbook.",
            "comments" => "Leave a comment.",
            "feedback" => "Tell us what you think.",
            "rsvp" => "Let us know if you are coming.",
            "signup" => "Sign up below.",
            "contact" => "Send us a message.",
            _ => "Fill in the form below.",
        };
        var fieldList = string.Join(", ", fields.Select(f => f.Key));
        return new TemplateBuild
        {
            Title = title,
            Lead = lead,
            Description = $"a {(kind == "form" ? "form" : kind + " form")} with the fields {string.Join(", ", fields.Select(f => $"{f.Label} ({f.Type})"))}"
                + (showEntries ? "; entries are listed on the page" : "; entries are stored for the owner")
                + (fields.Any(f => f.Private) ? " (e-mail and phone values are stored but never listed)" : ""),
            Parameters = new Dictionary<string, string>
            {
                ["title"] = title,
                ["form"] = kind,
                ["fields"] = fieldList,
                ["fieldTypes"] = string.Join(", ", fields.Select(f => $"{f.Key}:{f.Type}")),
            },
            PageConfig = new { fields, showEntries },
            HandlerConfig = new { fields },
        };
    }

    internal static string Kind(PromptFacts prompt) =>
        prompt.Has("guestbook|visitor ?book") ? "guestbook"
        : prompt.Has("feedback|reviews?|testimonials?|surveys?|questionnaires?|suggestions?") ? "feedback"
        : prompt.Has("rsvps?") ? "rsvp"
        : prompt.Has("sign ?ups?|sign-ups?|registrations?|register|wait ?list|waiting list|newsletter") ? "signup"
        : prompt.Has("contact") ? "contact"
        : prompt.Has("comments?") ? "comments"
        : "form";

    internal static IReadOnlyList<FormField> Fields(PromptFacts prompt, string kind)
    {
        foreach (var (pattern, knownOnly) in new (Regex, bool)[]
                 {
                     (WithFieldsPattern(), false), (FieldsColonPattern(), false), (AskingPattern(), false), (CollectPattern(), false),
                     (WithPattern(), true),
                 })
        {
            var match = pattern.Match(prompt.Text);
            if (!match.Success)
            {
                continue;
            }

            var items = PromptFacts.SplitList(match.Groups["v"].Value, MaxFields, 40, ItemPattern())
                .Select(i => FieldSuffixPattern().Replace(i, "").Trim())
                .Where(i => i.Length > 0)
                .ToList();
            // A bare "with a, b and c" is a field list when most of it are field words: one unknown
            // ("dietary needs") is then a field the user named, not a sign the list is about something else.
            var known = items.Count(i => KnownFieldWords.Contains(Optional(i).Text));
            if (items.Count == 0 || (knownOnly && (known < 2 || known * 2 < items.Count) && known != items.Count))
            {
                continue;
            }

            var fields = new List<FormField>();
            foreach (var item in items)
            {
                var field = Field(item);
                if (field is not null && fields.All(f => f.Key != field.Key))
                {
                    fields.Add(field);
                }
            }

            if (fields.Count > 0)
            {
                return fields;
            }
        }

        return kind switch
        {
            "signup" => [Field("name")!, Field("email")!],
            "rsvp" => [Field("name")!, Field("email")!, Field("number of guests")!],
            "contact" => [Field("name")!, Field("email")!, Field("message")!],
            _ => [Field("name")!, Field("message")!],
        };
    }

    private static (bool IsOptional, string Text) Optional(string item)
    {
        var optional = OptionalPattern().Match(item);
        return optional.Success ? (true, item[optional.Length..].Trim()) : (false, item);
    }

    internal static FormField? Field(string item)
    {
        var (isOptional, text) = Optional(item);
        var key = Key(text);
        if (key.Length == 0 || Reserved.Contains(key))
        {
            return null;
        }

        var lower = text.ToLowerInvariant();
        var type = Regex.IsMatch(lower, @"\bemail", RegexOptions.None, TimeSpan.FromMilliseconds(100)) ? "email"
            : Regex.IsMatch(lower, @"\b(?:phone|mobile|telephone|cell)\b", RegexOptions.None, TimeSpan.FromMilliseconds(100)) ? "tel"
            : Regex.IsMatch(lower, @"\b(?:ratings?|stars?|score)\b", RegexOptions.None, TimeSpan.FromMilliseconds(100)) ? "rating"
            : Regex.IsMatch(lower, @"\b(?:website|url|homepage|link)\b", RegexOptions.None, TimeSpan.FromMilliseconds(100)) ? "url"
            : Regex.IsMatch(lower, @"\b(?:date|birthday)\b", RegexOptions.None, TimeSpan.FromMilliseconds(100)) ? "date"
            : Regex.IsMatch(lower, @"\b(?:age|number|quantity|count|guests|amount|people|attendees|year)\b", RegexOptions.None, TimeSpan.FromMilliseconds(100)) ? "number"
            : Regex.IsMatch(lower, @"\b(?:message|comments?|feedback|review|notes?|description|questions?|suggestions?|text|details|bio|story|address)\b", RegexOptions.None, TimeSpan.FromMilliseconds(100)) ? "textarea"
            : "text";
        var label = PromptFacts.TitleCase(text);
        return new FormField(key, label, type, !isOptional, type is "email" or "tel");
    }

    private static string Key(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        var key = builder.ToString().Trim('_');
        if (key.Length > 30)
        {
            key = key[..30].TrimEnd('_');
        }

        return key.Length > 0 && char.IsDigit(key[0]) ? "f_" + key : key;
    }

    [GeneratedRegex(@"\bwith\s+(?<v>[^.;!?]{1,200})\s+(?:input\s+)?fields?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex WithFieldsPattern();

    [GeneratedRegex(@"\bfields?\b\s*(?::|for|like|such as|named|called|including|are|=)?\s*(?<v>[^.;!?]{1,200})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex FieldsColonPattern();

    [GeneratedRegex(@"\bask(?:s|ing)?\s+(?:(?:people|users|visitors|guests|them|customers)\s+)?(?:for\s+)?(?<v>[^.;!?]{1,200})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex AskingPattern();

    [GeneratedRegex(@"\bcollect(?:s|ing)?\s+(?<v>[^.;!?]{1,200})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex CollectPattern();

    [GeneratedRegex(@"\bwith\s+(?<v>[^.;!?]{1,200})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex WithPattern();

    [GeneratedRegex(@"\s+(?:input\s+)?fields?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex FieldSuffixPattern();

    [GeneratedRegex(@"^optional\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex OptionalPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} '-]{0,39}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ItemPattern();
}
