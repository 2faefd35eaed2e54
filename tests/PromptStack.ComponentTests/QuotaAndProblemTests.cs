using MudBlazor;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Projects;

namespace PromptStack.ComponentTests;

public sealed class QuotaAndProblemTests
{
    private static MeDto Me(int projects, decimal cost) =>
        new(Guid.NewGuid(), "someone@example.com", "user", new LimitsDto(10, 50m, 100m, 60, 240), new Usage(projects, cost, 0.0004m));

    [Fact]
    public async Task QuotaBars_Usage_ShowsUsedOfMaximumAsProgress()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<QuotaBars>(p => p.Add(c => c.Me, Me(3, 85m)));

        Assert.Contains("3 of 10", cut.Find("[data-testid=quota-projects]").TextContent);
        Assert.Contains("$85.00 of $100.00", cut.Find("[data-testid=quota-cost]").TextContent);
        Assert.Equal("30", cut.Find("[data-testid=quota-projects] [role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Equal("85", cut.Find("[data-testid=quota-cost] [role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Contains("mud-progress-linear-color-warning", cut.Find("[data-testid=quota-cost] [role=progressbar]").ClassName);
        Assert.Contains("Accrued so far < $0.01", cut.Find(".quota .mud-typography-caption").TextContent);
    }

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(5, 10, 0.5)]
    [InlineData(12, 10, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(0, 0, 0)]
    public void Ratio_UsedOfMaximum_IsClamped(int used, int maximum, double expected) =>
        Assert.Equal(expected, QuotaBars.Ratio(used, maximum), 6);

    [Theory]
    [InlineData(0.5, Color.Primary)]
    [InlineData(0.8, Color.Warning)]
    [InlineData(1, Color.Error)]
    public void ColorOf_Ratio_WarnsNearTheLimit(double ratio, Color expected) => Assert.Equal(expected, QuotaBars.ColorOf(ratio));

    [Fact]
    public async Task ProblemAlert_ValidationProblem_ShowsTitleDetailAndFieldErrors()
    {
        await using var ctx = Samples.Context();
        var problem = new ApiProblem(400, "Cannot register with these details", "Fix the fields.",
            new Dictionary<string, string[]> { ["password"] = ["Use at least 10 characters."] });

        var cut = ctx.Render<ProblemAlert>(p => p.Add(c => c.Problem, problem));

        Assert.Equal("Cannot register with these details", cut.Find(".problem-title").TextContent.Trim());
        Assert.Equal("Fix the fields.", cut.Find(".problem-detail").TextContent.Trim());
        Assert.Equal("password: Use at least 10 characters.", cut.Find(".problem-errors li").TextContent.Trim());
        Assert.Equal("400", cut.Find("[data-testid=problem]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task ProblemAlert_NoProblem_RendersNothing()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<ProblemAlert>(p => p.Add(c => c.Problem, null));

        Assert.Empty(cut.Markup.Trim());
    }

    [Fact]
    public void Parse_ProblemJson_KeepsTitleDetailAndErrors()
    {
        var problem = ApiProblem.Parse(409,
            """{"type":"t","title":"Project cost limit exceeded","status":409,"detail":"This app is estimated at $60/month.","errors":{"name":["Taken."]}}""", "Conflict");

        Assert.Equal(409, problem.Status);
        Assert.Equal("Project cost limit exceeded", problem.Title);
        Assert.Equal("This app is estimated at $60/month.", problem.Detail);
        Assert.Equal(["Taken."], problem.Errors!["name"]);
    }

    [Fact]
    public void Parse_DetailRepeatsTitle_DropsTheRepeat()
    {
        var problem = ApiProblem.Parse(429, """{"title":"Too many requests","detail":"Too many requests"}""", null);

        Assert.Null(problem.Detail);
    }

    [Fact]
    public void Parse_NotJson_NamesTheStatus()
    {
        var problem = ApiProblem.Parse(502, "<html>bad gateway</html>", "Bad Gateway");

        Assert.Equal("Bad Gateway", problem.Title);
        Assert.Equal(502, problem.Status);
    }
}
