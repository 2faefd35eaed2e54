namespace PromptStack.Blueprints.Catalog.Templates;

internal sealed class UrlShortenerTemplate : AppTemplate
{
    public const int CodeLength = 7;

    public override string Name => "url-shortener";

    public override string Description => "a link shortener: turn long URLs into short codes that redirect (302) and count clicks";

    public override string Example => "a URL shortener for my team";

    public override IReadOnlyList<Keyword> Keywords { get; } =
    [
        new("(?:url|link) ?shorten(?:er|ing)?|shorten(?:er|ing|s)?|short ?(?:links?|urls?)", 7),
        new(@"bit\.?ly|tinyurl", 6),
        new("redirects?|redirecting", 3),
        new("urls?", 2),
        new("links?", 1),
    ];

    public override TemplateBuild Build(PromptFacts prompt)
    {
        var title = prompt.CalledName() ?? (prompt.Has("urls?") || !prompt.Has("links?") ? "URL Shortener" : "Link Shortener");
        return new TemplateBuild
        {
            Title = title,
            Lead = "Paste a long address, get a short link that redirects to it.",
            Description = $"a link shortener: POST a URL to get a {CodeLength}-character code, GET /r/{{code}} answers a 302 redirect and counts the click",
            Parameters = new Dictionary<string, string> { ["title"] = title, ["codeLength"] = CodeLength.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            PageConfig = new { codeLength = CodeLength },
            HandlerConfig = new { codeLength = CodeLength },
        };
    }
}
