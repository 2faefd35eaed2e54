using System.Text.RegularExpressions;

namespace PromptStack.Blueprints.Catalog.Templates;

/// <summary>A static page (S3 only: no function, table or API) with the sections and contact address the prompt names.</summary>
internal sealed partial class LandingPageTemplate : AppTemplate
{
    public static readonly IReadOnlyList<string> DefaultSections = ["About", "Services", "Contact"];

    public override string Name => "landing-page";

    public override string Description => "a static landing page (no backend): title, tagline, sections and a contact address";

    public override string Example => "a landing page for my bakery called Sweet Crumbs with sections menu, opening hours and contact";

    public override bool IsStatic => true;

    public override IReadOnlyList<Keyword> Keywords { get; } =
    [
        new("landing ?pages?", 7),
        new("static (?:site|website|web ?page|page)s?", 6),
        new("home ?pages?", 5),
        new("portfolio|resume|cv|personal (?:site|website|page)", 5),
        new("coming soon|launch page|splash page|brochure|one ?pager|one-page site", 5),
        new("(?:website|web ?site|site|page) for (?:my|our|a|an|the)", 4),
        new("(?:company|business|bakery|restaurant|cafe|shop|studio|band|wedding|event|product|startup|agency|club|school) ?(?:site|website|page)", 3),
        new("website|web ?site", 2),
        new("sites?|pages?", 1),
    ];

    // Sections a prompt may name without a "sections:" list ("a bakery page with our menu and opening hours"),
    // matched on whole words and shown in the order the prompt names them.
    private static readonly (string Pattern, string Title)[] NamedSections =
    [
        ("about us|about me|our story|who we are|about (?:section|page)", "About"),
        ("services", "Services"),
        ("menus?", "Menu"),
        ("(?:opening|business|office) hours|hours|open(?:ing)? times", "Opening Hours"),
        ("pricing|prices|price list|rates", "Pricing"),
        ("gallery|photos|pictures", "Gallery"),
        ("(?:our )?team|staff", "Team"),
        ("testimonials|reviews", "Testimonials"),
        ("faqs?|questions", "FAQ"),
        ("events|schedule|calendar", "Events"),
        ("location|address|directions|find us|map", "Location"),
        ("projects|portfolio|work samples", "Projects"),
        ("contact(?: us| details| info)?|get in touch|emails?|phone", "Contact"),
    ];

    // Placeholder text per known section, so the page reads naturally until the owner writes their own.
    private static readonly Dictionary<string, string> SectionText = new(StringComparer.OrdinalIgnoreCase)
    {
        ["About"] = "Who we are, what we do and why we love doing it.",
        ["Services"] = "What we offer, and how we can help you.",
        ["Menu"] = "Today's favourites and seasonal specials.",
        ["Pricing"] = "Simple prices, no surprises.",
        ["Gallery"] = "A look at our work.",
        ["Team"] = "The people behind the work.",
        ["Testimonials"] = "What our customers say.",
        ["FAQ"] = "Answers to the questions we hear most.",
        ["Events"] = "What's coming up.",
        ["Location"] = "Where to find us.",
        ["Projects"] = "Selected work.",
        ["Contact"] = "We'd love to hear from you.",
    };

    public override TemplateBuild Build(PromptFacts prompt)
    {
        var title = prompt.CalledName() ?? ForName(prompt) ?? "Welcome";
        var contact = LandingPageContact.Read(prompt);
        var sections = Sections(prompt, contact);
        var tagline = prompt.Find(TaglinePattern());
        var lead = tagline ?? (title == "Welcome" ? "A simple page, ready for your words." : $"Welcome to {title}.");
        var parameters = new Dictionary<string, string>
        {
            ["title"] = title,
            ["sections"] = string.Join(", ", sections),
        };
        Add(parameters, "email", contact.Email);
        Add(parameters, "phone", contact.Phone);
        Add(parameters, "hours", contact.Hours ?? (contact.WantsHours ? "to fill in" : null));
        Add(parameters, "tagline", tagline);

        return new TemplateBuild
        {
            Title = title,
            Lead = lead,
            Description = $"a static landing page with the sections {string.Join(", ", sections)}"
                + (contact.Email is null ? "" : $" and a contact link to {contact.Email}")
                + ". It has no function, API or table, so it costs only S3 storage and requests",
            Parameters = parameters,
            BodyHtml = LandingPageBody.Html(title, sections, contact, SectionText),
        };
    }

    private static void Add(Dictionary<string, string> parameters, string key, string? value)
    {
        if (value is not null)
        {
            parameters[key] = value;
        }
    }

    private static string? ForName(PromptFacts prompt)
    {
        var name = prompt.Find(ForPattern());
        if (name is null)
        {
            return null;
        }

        name = PromptFacts.TrimFillers(PromptFacts.CutClause(name));
        return name.Length is > 0 and <= 40 ? PromptFacts.Title(PromptFacts.TitleCase(name)) : null;
    }

    /// <summary>
    /// The sections: an explicit list ("sections menu, hours and contact") as written; else the known sections the
    /// prompt names; else About, Services, Contact. Hours, e-mail or phone always get a section to live in.
    /// </summary>
    internal static IReadOnlyList<string> Sections(PromptFacts prompt, LandingPageContact contact)
    {
        var sections = new List<string>();
        var match = SectionsPattern().Match(prompt.Text);
        if (match.Success)
        {
            sections.AddRange(PromptFacts.SplitList(match.Groups["v"].Value, 8, 30, ItemPattern()).Select(PromptFacts.TitleCase));
        }

        if (sections.Count == 0)
        {
            sections.AddRange(NamedSections
                .Select(s => (s.Title, At: Regex.Match(prompt.Lower, $@"\b(?:{s.Pattern})\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2))))
                .Where(s => s.At.Success)
                .OrderBy(s => s.At.Index)
                .Select(s => s.Title)
                .Distinct());
        }

        if (sections.Count == 0)
        {
            sections.AddRange(DefaultSections);
        }

        if (contact.WantsHours && !sections.Any(LandingPageBody.IsHours))
        {
            sections.Add("Opening Hours");
        }

        if ((contact.Email ?? contact.Phone) is not null && !sections.Any(LandingPageBody.IsContact))
        {
            sections.Add("Contact");
        }

        return sections;
    }

    [GeneratedRegex(@"\b(?:for|about)\s+(?:my|our|a|an|the)\s+(?<v>[\p{L}][\p{L}\p{N}' &-]{1,60})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ForPattern();

    [GeneratedRegex(@"\bsections?\b\s*(?::|for|about|like|such as|including|on|=)?\s*(?<v>[^.;!?]{1,300})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex SectionsPattern();

    [GeneratedRegex("\\b(?:tagline|slogan|subtitle|motto)\\s*(?::|is|of)?\\s*\"(?<v>[^\"]{1,120})\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex TaglinePattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} '&-]{0,29}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ItemPattern();
}
