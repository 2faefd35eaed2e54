using System.Text;
using PromptStack.Blueprints.Catalog;
using PromptStack.Blueprints.Catalog.Templates;

namespace PromptStack.Blueprints;

/// <summary>A template of the offline catalog, as shown to users.</summary>
public sealed record TemplateInfo(string Name, string Description, string Example, bool IsStatic);

/// <summary>How well a prompt fits one template: the sum of the weights of the keywords it mentions.</summary>
public sealed record TemplateScore(string Template, int Score, IReadOnlyList<string> Matched);

/// <summary>
/// Builds blueprints without any model: every template of the catalog scores the prompt by the keywords it mentions
/// (weighted, whole words), the best one at or above <see cref="MinimumScore"/> wins (ties go to the earlier template),
/// and that template reads its parameters (title, chart kind, fields, options...) from the prompt.
/// Prompts that fit no template, or name things PromptStack never builds, are refused with the list of what it can build.
/// </summary>
public sealed class OfflineBlueprintGenerator : IBlueprintGenerator
{
    public const int MinimumScore = 3;

    // Order breaks ties: "budget dashboard" is an expense tracker before it is a chart.
    private static readonly AppTemplate[] Templates =
    [
        new ExpenseTrackerTemplate(),
        new ChartDashboardTemplate(),
        new TodoListTemplate(),
        new GuestbookTemplate(),
        new PollTemplate(),
        new UrlShortenerTemplate(),
        new NotesBoardTemplate(),
        new LandingPageTemplate(),
    ];

    public static IReadOnlyList<TemplateInfo> Catalog { get; } =
        Templates.Select(t => new TemplateInfo(t.Name, t.Description, t.Example, t.IsStatic)).ToList();

    /// <summary>The resources of a static template: the website bucket only.</summary>
    public static IReadOnlyList<BlueprintResource> StaticSite { get; } =
        DefaultBlueprintGenerator.FullStack.Where(r => r.Kind == ResourceKinds.S3Bucket).ToList();

    public Task<BlueprintResult> GenerateAsync(string prompt, CancellationToken cancellationToken) =>
        Task.FromResult(Generate(prompt));

    public BlueprintResult Generate(string prompt)
    {
        if (PromptScreen.Check(prompt) is { } refusal)
        {
            return BlueprintResult.Refused(refusal);
        }

        var facts = new PromptFacts(prompt);
        var best = Rank(facts).First();
        if (best.Score.Score < MinimumScore)
        {
            return BlueprintResult.Refused("PromptStack couldn't match this prompt to an app it can build. " + CatalogText());
        }

        return BlueprintResult.Made(Assemble(best.Template, best.Template.Build(facts), best.Score, prompt));
    }

    /// <summary>Every template's score for <paramref name="prompt"/>, best first.</summary>
    public static IReadOnlyList<TemplateScore> Rank(string prompt) =>
        Rank(new PromptFacts(prompt ?? "")).Select(r => r.Score).ToList();

    private static List<(AppTemplate Template, TemplateScore Score)> Rank(PromptFacts facts)
    {
        var ranked = new List<(AppTemplate, TemplateScore)>();
        foreach (var template in Templates)
        {
            var matched = new List<string>();
            var score = 0;
            foreach (var keyword in template.Keywords)
            {
                if (keyword.Match(facts.Lower) is { } word && !matched.Contains(word))
                {
                    matched.Add(word);
                    score += keyword.Weight;
                }
            }

            ranked.Add((template, new TemplateScore(template.Name, score, matched)));
        }

        // OrderBy is stable, so equal scores keep the catalog order.
        return ranked.OrderByDescending(r => r.Item2.Score).ToList();
    }

    /// <summary>"It can build: ..." with one line per template and an example prompt.</summary>
    internal static string CatalogText()
    {
        var text = new StringBuilder("It can build:");
        foreach (var template in Templates)
        {
            text.Append($"\n- {template.Name}: {template.Description} (e.g. \"{template.Example}\")");
        }

        return text.ToString();
    }

    internal static Blueprint Assemble(AppTemplate template, TemplateBuild build, TemplateScore score, string prompt)
    {
        var parameters = new Dictionary<string, string>(build.Parameters) { ["matched"] = string.Join(", ", score.Matched) };
        var backend = template.IsStatic
            ? "It is served from an S3 website bucket."
            : "The page is served from an S3 website bucket; a Node.js 20 Lambda function behind an HTTP API stores the data in an on-demand DynamoDB table.";
        return new Blueprint
        {
            Template = template.Name,
            Title = build.Title,
            Summary = $"{build.Title}: {build.Description}. {backend} Chosen from the catalog because the prompt mentions {string.Join(", ", score.Matched.Select(m => $"\"{m}\""))}.",
            Resources = template.IsStatic ? StaticSite : DefaultBlueprintGenerator.FullStack,
            Usage = UsageProfile.ForMonthlyRequests(TrafficParser.MonthlyRequests(prompt)),
            Parameters = parameters,
            Files = Files(template, build),
            HandlerCode = template.IsStatic
                ? null
                : $"{Assets.Read("common.mjs")}const CONFIG = {Encode.Js(build.HandlerConfig ?? new { })};\n\n{Assets.Read(template.Name + ".mjs")}",
        };
    }

    private static List<GeneratedFile> Files(AppTemplate template, TemplateBuild build)
    {
        var scripts = template.IsStatic
            ? "  <script src=\"app.js\"></script>"
            : "  <script src=\"config.js\"></script>\n  <script src=\"app.js\"></script>";
        var html = Assets.Fill(Assets.Read("layout.html"), new Dictionary<string, string>
        {
            ["template"] = template.Name,
            ["title"] = Encode.Html(build.Title),
            ["lead"] = Encode.Html(build.Lead),
            ["body"] = (build.BodyHtml ?? Assets.Read(template.Name + ".html")).TrimEnd('\n'),
            ["scripts"] = scripts,
        });
        var css = Assets.Read("base.css") + (Assets.TryRead(template.Name + ".css") ?? "");
        var js = template.IsStatic
            ? "\"use strict\";\n\n" + Assets.Read(template.Name + ".js")
            : $"{Assets.Read("common.js")}\nconst APP = {Encode.Js(build.PageConfig ?? new { })};\n\n{Assets.Read(template.Name + ".js")}";
        return
        [
            new GeneratedFile("index.html", "text/html; charset=utf-8", html),
            new GeneratedFile("styles.css", "text/css; charset=utf-8", css),
            new GeneratedFile("app.js", "application/javascript; charset=utf-8", js),
        ];
    }
}
