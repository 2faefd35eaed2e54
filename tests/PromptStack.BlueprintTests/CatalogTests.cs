using System.Text.RegularExpressions;
using PromptStack.Blueprints;

namespace PromptStack.BlueprintTests;

public sealed class CatalogTests
{
    private readonly OfflineBlueprintGenerator generator = new();

    [Fact]
    public void PromptTable_HasAtLeastFortyFittingPromptsCoveringEveryTemplate()
    {
        var fitting = PromptCases.All.Where(c => c.Template is not null).ToList();
        Assert.True(fitting.Count >= 40, $"only {fitting.Count} fitting prompts");
        Assert.Equal(
            OfflineBlueprintGenerator.Catalog.Select(t => t.Name).Order(),
            fitting.Select(c => c.Template!).Distinct().Order());
        Assert.True(OfflineBlueprintGenerator.Catalog.Count >= 8);
    }

    [Theory]
    [MemberData(nameof(PromptCases.Fitting), MemberType = typeof(PromptCases))]
    public async Task GenerateAsync_FittingPrompt_PicksTemplateAndReadsParameters(string prompt)
    {
        var expected = PromptCases.Find(prompt);

        var result = await generator.GenerateAsync(prompt, CancellationToken.None);

        Assert.Null(result.Refusal);
        var blueprint = Assert.IsType<Blueprint>(result.Blueprint);
        Assert.Equal(expected.Template, blueprint.Template);
        foreach (var (key, value) in expected.ExpectedParameters)
        {
            Assert.True(blueprint.Parameters.TryGetValue(key, out var actual), $"parameter '{key}' missing; have {string.Join(", ", blueprint.Parameters.Keys)}");
            Assert.Equal(value, actual);
        }

        if (expected.ExpectedParameters.TryGetValue("title", out var title))
        {
            Assert.Equal(title, blueprint.Title);
        }
    }

    [Theory]
    [MemberData(nameof(PromptCases.Unfit), MemberType = typeof(PromptCases))]
    public async Task GenerateAsync_UnfitPrompt_RefusesListingWhatCanBeBuilt(string prompt)
    {
        var result = await generator.GenerateAsync(prompt, CancellationToken.None);

        Assert.Null(result.Blueprint);
        Assert.NotNull(result.Refusal);
        foreach (var template in OfflineBlueprintGenerator.Catalog)
        {
            Assert.Contains(template.Name, result.Refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GenerateAsync_BlockedWord_NamesItInTheRefusal()
    {
        var result = await generator.GenerateAsync("mine bitcoin on a GPU cluster", CancellationToken.None);

        Assert.Contains("\"mine bitcoin\"", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_PromptAtTheContractsLimit_MakesABlueprint()
    {
        var prompt = string.Concat(Enumerable.Repeat("a to-do list for the family chores. ", 200))[..PromptLimits.MaxLength];

        var result = await generator.GenerateAsync(prompt, CancellationToken.None);

        Assert.Equal("todo-list", result.Blueprint?.Template);
    }

    [Fact]
    public async Task GenerateAsync_PromptOverTheContractsLimit_Refuses()
    {
        var result = await generator.GenerateAsync("a to-do list " + new string('x', PromptLimits.MaxLength), CancellationToken.None);

        Assert.Null(result.Blueprint);
        Assert.Contains("too long", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_ChartPrompt_ExplainsScoreByMatchedKeywords()
    {
        var ranking = OfflineBlueprintGenerator.Rank("a pie chart of my expenses by category");

        Assert.Equal("chart-dashboard", ranking[0].Template);
        Assert.Contains("pie chart", ranking[0].Matched);
        Assert.Equal("expense-tracker", ranking[1].Template);
        Assert.True(ranking[0].Score > ranking[1].Score);
    }

    [Theory]
    [InlineData("a to-do list", 100_000)]
    [InlineData("a guestbook for 2 million visitors a month", 2_000_000)]
    [InlineData("a poll for 50,000 visitors a day", 1_500_000)]
    public async Task GenerateAsync_TrafficInPrompt_SizesUsageWithTrafficParser(string prompt, long monthlyRequests)
    {
        var blueprint = (await generator.GenerateAsync(prompt, CancellationToken.None)).Blueprint!;

        Assert.Equal(UsageProfile.ForMonthlyRequests(monthlyRequests), blueprint.Usage);
    }

    [Fact]
    public async Task GenerateAsync_LandingPage_IsOnlyAnS3BucketWithoutHandler()
    {
        var blueprint = (await generator.GenerateAsync("a landing page for my bakery", CancellationToken.None)).Blueprint!;

        var resource = Assert.Single(blueprint.Resources);
        Assert.Equal(new BlueprintResource(ResourceKinds.S3Bucket, "site", resource.Description), resource);
        Assert.Null(blueprint.HandlerCode);
        Assert.DoesNotContain("config.js", blueprint.Files.Single(f => f.Path == "index.html").Content, StringComparison.Ordinal);
        Assert.Empty(BlueprintValidator.Validate(blueprint));
    }

    [Theory]
    [InlineData("a bar chart of monthly sales", "chart-dashboard")]
    [InlineData("an expense tracker", "expense-tracker")]
    [InlineData("a to-do list", "todo-list")]
    [InlineData("a guestbook", "guestbook")]
    [InlineData("a poll", "poll")]
    [InlineData("a url shortener", "url-shortener")]
    [InlineData("a notes board", "notes-board")]
    public async Task GenerateAsync_TemplateWithBackend_HasFullStackAndHandler(string prompt, string template)
    {
        var blueprint = (await generator.GenerateAsync(prompt, CancellationToken.None)).Blueprint!;

        Assert.Equal(template, blueprint.Template);
        Assert.Equal(DefaultBlueprintGenerator.FullStack, blueprint.Resources);
        Assert.Equal(
            [("iam-role", "role"), ("dynamodb-table", "data"), ("s3-bucket", "site"), ("lambda-function", "api"), ("http-api", "http")],
            blueprint.Resources.Select(r => (r.Kind, r.Name)));
        Assert.NotNull(blueprint.HandlerCode);
        Assert.Contains("export const handler", blueprint.HandlerCode, StringComparison.Ordinal);
        Assert.Contains("DynamoDBDocumentClient.from(new DynamoDBClient(", blueprint.HandlerCode, StringComparison.Ordinal);
        Assert.Empty(BlueprintValidator.Validate(blueprint));
    }

    [Theory]
    [MemberData(nameof(PromptCases.Fitting), MemberType = typeof(PromptCases))]
    public async Task GenerateAsync_AnyTemplate_WritesExactlyIndexStylesAndAppWithConfigBeforeApp(string prompt)
    {
        var blueprint = (await generator.GenerateAsync(prompt, CancellationToken.None)).Blueprint!;

        Assert.Equal(["index.html", "styles.css", "app.js"], blueprint.Files.Select(f => f.Path));
        var html = blueprint.Files[0].Content;
        var app = blueprint.Files[2].Content;
        Assert.Contains("<link rel=\"stylesheet\" href=\"styles.css\">", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"(?:src|href)\s*=\s*""(?:https?:)?//"), html);
        var appAt = html.IndexOf("<script src=\"app.js\"></script>", StringComparison.Ordinal);
        Assert.True(appAt > 0);
        if (blueprint.HandlerCode is not null)
        {
            var configAt = html.IndexOf("<script src=\"config.js\"></script>", StringComparison.Ordinal);
            Assert.InRange(configAt, 0, appAt);
            Assert.Contains("window.PROMPTSTACK_CONFIG", app, StringComparison.Ordinal);
            Assert.Contains("fetch(`${apiUrl}/${path}`", app, StringComparison.Ordinal);
        }

        Assert.Empty(BlueprintValidator.Validate(blueprint));
        Assert.Contains(blueprint.Title, blueprint.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_ChartPrompt_SummaryExplainsWhatAndWhy()
    {
        var blueprint = (await generator.GenerateAsync("a line chart of monthly sales", CancellationToken.None)).Blueprint!;

        Assert.StartsWith("Monthly Sales: a line chart dashboard", blueprint.Summary, StringComparison.Ordinal);
        Assert.Contains("DynamoDB", blueprint.Summary, StringComparison.Ordinal);
        Assert.Contains("\"line chart\"", blueprint.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultBlueprintGenerator_Prompt_DelegatesToTheCatalog()
    {
        var result = await new DefaultBlueprintGenerator().GenerateAsync("a poll", CancellationToken.None);

        Assert.Equal("poll", result.Blueprint!.Template);
    }
}
