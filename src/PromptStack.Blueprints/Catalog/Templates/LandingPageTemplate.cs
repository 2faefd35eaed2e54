using System.Text;
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

    public override TemplateBuild Build(PromptFacts prompt)
    {
        var title = prompt.CalledName() ?? ForName(prompt) ?? "Welcome";
        var sections = Sections(prompt);
        var email = EmailPattern().Match(prompt.Text) is { Success: true } m ? m.Value : null;
        var tagline = prompt.Find(TaglinePattern());
        var lead = tagline ?? (title == "Welcome" ? "A simple page, ready for your words." : $"Welcome to {title}.");
        var parameters = new Dictionary<string, string>
        {
            ["title"] = title,
            ["sections"] = string.Join(", ", sections),
        };
        if (email is not null)
        {
            parameters["email"] = email;
        }

        if (tagline is not null)
        {
            parameters["tagline"] = tagline;
        }

        return new TemplateBuild
        {
            Title = title,
            Lead = lead,
            Description = $"a static landing page with the sections {string.Join(", ", sections)}"
                + (email is null ? "" : $" and a contact link to {email}")
                + ". It has no function, API or table, so it costs only S3 storage and requests",
            Parameters = parameters,
            BodyHtml = Body(title, sections, email),
        };
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

    internal static IReadOnlyList<string> Sections(PromptFacts prompt)
    {
        var match = SectionsPattern().Match(prompt.Text);
        if (match.Success)
        {
            var items = PromptFacts.SplitList(match.Groups["v"].Value, 8, 30, ItemPattern()).Select(PromptFacts.TitleCase).ToList();
            if (items.Count > 0)
            {
                return items;
            }
        }

        return DefaultSections;
    }

    private static string Body(string title, IReadOnlyList<string> sections, string? email)
    {
        var ids = new List<string>();
        foreach (var section in sections)
        {
            var id = Slug(section);
            while (ids.Contains(id))
            {
                id += "-2";
            }

            ids.Add(id);
        }

        var html = new StringBuilder();
        html.Append("    <nav class=\"sections\" aria-label=\"Sections\">");
        for (var i = 0; i < sections.Count; i++)
        {
            html.Append($"<a href=\"#{ids[i]}\">{Encode.Html(sections[i])}</a>");
        }

        html.Append("</nav>\n");
        var contactId = ids.FirstOrDefault(id => id.StartsWith("contact", StringComparison.Ordinal)) ?? ids[^1];
        html.Append($"    <section class=\"card hero\"><p>{Encode.Html(title)}: everything you need to know, on one page.</p><a class=\"cta\" href=\"#{contactId}\">Get in touch</a></section>\n");
        for (var i = 0; i < sections.Count; i++)
        {
            html.Append($"    <section class=\"card\" id=\"{ids[i]}\">\n      <h2>{Encode.Html(sections[i])}</h2>\n");
            if (ids[i] == contactId && email is not null)
            {
                html.Append($"      <p>Write to <a href=\"mailto:{Encode.Html(email)}\">{Encode.Html(email)}</a>.</p>\n");
            }
            else
            {
                html.Append($"      <p>Tell your visitors about {Encode.Html(sections[i].ToLowerInvariant())} here.</p>\n");
            }

            html.Append("    </section>\n");
        }

        html.Append($"    <p class=\"muted\">&copy; <span id=\"year\"></span> {Encode.Html(title)}</p>");
        return html.ToString();
    }

    private static string Slug(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 || char.IsDigit(slug[0]) ? "s-" + slug : slug;
    }

    [GeneratedRegex(@"\b(?:for|about)\s+(?:my|our|a|an|the)\s+(?<v>[\p{L}][\p{L}\p{N}' &-]{1,60})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ForPattern();

    [GeneratedRegex(@"\bsections?\b\s*(?::|for|about|like|such as|including|on|=)?\s*(?<v>[^.;!?]{1,300})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex SectionsPattern();

    [GeneratedRegex("\\b(?:tagline|slogan|subtitle|motto)\\s*(?::|is|of)?\\s*\"(?<v>[^\"]{1,120})\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex TaglinePattern();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} '&-]{0,29}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ItemPattern();
}
