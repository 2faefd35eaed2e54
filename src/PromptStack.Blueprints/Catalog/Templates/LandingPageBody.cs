using System.Text;

namespace PromptStack.Blueprints.Catalog.Templates;

/// <summary>The landing page's HTML body: navigation, hero, one card per section; every value is encoded.</summary>
internal static class LandingPageBody
{
    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public static bool IsHours(string section) => section.Contains("hour", StringComparison.OrdinalIgnoreCase);

    public static bool IsContact(string section) => section.StartsWith("contact", StringComparison.OrdinalIgnoreCase);

    public static string Html(string title, IReadOnlyList<string> sections, LandingPageContact contact, IReadOnlyDictionary<string, string> text)
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
        // Contact details go in the Contact section, or the last one when there is none.
        var contactAt = sections.ToList().FindIndex(IsContact);
        contactAt = contactAt < 0 ? sections.Count - 1 : contactAt;
        var hoursAt = sections.ToList().FindIndex(IsHours);
        html.Append($"    <section class=\"card hero\"><p>{Encode.Html(title)}: everything you need to know, on one page.</p><a class=\"cta\" href=\"#{ids[contactAt]}\">Get in touch</a></section>\n");
        for (var i = 0; i < sections.Count; i++)
        {
            html.Append($"    <section class=\"card\" id=\"{ids[i]}\">\n      <h2>{Encode.Html(sections[i])}</h2>\n");
            if (i == hoursAt)
            {
                Hours(html, contact);
            }
            else
            {
                var words = text.TryGetValue(sections[i], out var known) ? known : $"Everything about {sections[i].ToLowerInvariant()}, coming soon.";
                html.Append($"      <p>{Encode.Html(words)}</p>\n");
            }

            if (i == contactAt)
            {
                Contact(html, contact);
            }

            html.Append("    </section>\n");
        }

        html.Append($"    <p class=\"muted\">&copy; <span id=\"year\"></span> {Encode.Html(title)}</p>");
        return html.ToString();
    }

    private static void Hours(StringBuilder html, LandingPageContact contact)
    {
        if (contact.Hours is { } hours)
        {
            html.Append($"      <p class=\"hours\">Open {Encode.Html(hours)}.</p>\n");
            return;
        }

        // Hours were asked for but not given: a week to fill in, rather than no hours at all.
        html.Append("      <table class=\"hours\"><caption>Opening hours</caption>\n");
        foreach (var day in Days)
        {
            html.Append($"        <tr><th scope=\"row\">{day}</th><td>{(day == "Sunday" ? "Closed" : "9:00 - 17:00")}</td></tr>\n");
        }

        html.Append("      </table>\n");
    }

    private static void Contact(StringBuilder html, LandingPageContact contact)
    {
        if (contact.Email is { } email)
        {
            html.Append($"      <p class=\"contact\">E-mail: <a href=\"mailto:{Encode.Html(email)}\">{Encode.Html(email)}</a></p>\n");
        }

        if (contact.Phone is { } phone)
        {
            var dial = new string(phone.Where(c => char.IsDigit(c) || c == '+').ToArray());
            html.Append($"      <p class=\"contact\">Phone: <a href=\"tel:{Encode.Html(dial)}\">{Encode.Html(phone)}</a></p>\n");
        }

        if (contact.EmailIsPlaceholder || contact.PhoneIsPlaceholder)
        {
            html.Append("      <p class=\"muted\">Replace the example contact details with your own.</p>\n");
        }
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
}
