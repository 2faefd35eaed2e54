using System.Security.Claims;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Pages;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Projects;

namespace PromptStack.ComponentTests;

/// <summary>The New project page shows the limits before Create and disables it with the reason; the list marks destroyed projects that still count.</summary>
public sealed class LimitsBeforeWorkTests
{
    private const string Estimate = "POST /api/projects/estimate";
    private const string Create = "POST /api/projects";

    private static MeDto Me(int projects, decimal cost) =>
        new(Guid.NewGuid(), "someone@example.com", "user", new LimitsDto(10, 50m, 100m, 60, 240), new Usage(projects, cost, 0m));

    private static EstimateDto Estimated(decimal cost) =>
        new("todo-list", "To-Do List", "A to-do list.", [], cost, [], new Dictionary<string, string>(), null);

    private static FakeApi SignedIn(BunitContext ctx, FakeApi api)
    {
        ctx.AddAuthorization().SetAuthorized("someone@example.com")
            .SetClaims(new Claim("sub", Guid.NewGuid().ToString()), new Claim("sid", Guid.NewGuid().ToString()));
        return Samples.AddApi(ctx, api);
    }

    private static async Task<IRenderedComponent<NewProject>> EstimateAsync(BunitContext ctx)
    {
        var page = ctx.Render<NewProject>();
        await page.Find("#prompt").InputAsync(new() { Value = "a to-do list for chores" });
        await page.Find("form[aria-label='Estimate a prompt']").SubmitAsync();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=blueprint]")));
        return page;
    }

    private static AngleSharp.Dom.IElement CreateButton(IRenderedComponent<NewProject> page) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Create");

    [Fact]
    public async Task NewProject_Loaded_ShowsTheQuotaBeforeAnyEstimate()
    {
        await using var ctx = Samples.Context();
        SignedIn(ctx, new FakeApi().On("GET /api/me", FakeApi.Json(Me(3, 85m))));

        var page = ctx.Render<NewProject>();

        Assert.Contains("3 of 10", page.Find("[data-testid=quota-projects]").TextContent);
        Assert.Contains("$85.00 of $100.00", page.Find("[data-testid=quota-cost]").TextContent);
        Assert.Contains("A project may cost at most $50.00 a month", page.Find(".quota").TextContent);
        Assert.Empty(page.FindAll("[data-testid=quota-full]"));
    }

    [Fact]
    public async Task NewProject_EstimateFits_EnablesCreateAndSaysWhereTheLimitsWouldStand()
    {
        await using var ctx = Samples.Context();
        SignedIn(ctx, new FakeApi().On("GET /api/me", FakeApi.Json(Me(3, 85m))).On(Estimate, FakeApi.Json(Estimated(3.12m))));

        var page = await EstimateAsync(ctx);

        Assert.False(CreateButton(page).HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=create-blocked]"));
        var limits = page.Find("[data-testid=create-limits]").TextContent;
        Assert.Contains("This app: $3.12/month of the $50.00 a project may cost.", limits);
        Assert.Contains("your projects: 4 of 10, $88.12", limits);
    }

    [Fact]
    public async Task NewProject_EstimateOverTheProjectCap_DisablesCreateWithTheReason()
    {
        await using var ctx = Samples.Context();
        var api = SignedIn(ctx, new FakeApi().On("GET /api/me", FakeApi.Json(Me(1, 5m))).On(Estimate, FakeApi.Json(Estimated(60m))));

        var page = await EstimateAsync(ctx);

        Assert.True(CreateButton(page).HasAttribute("disabled"));
        Assert.Equal("Project cost limit exceeded. This app is estimated at $60.00/month; a project may cost at most $50.00/month.",
            page.Find("[data-testid=create-blocked]").TextContent.Trim());
        await page.Find("form[aria-label='Create the project']").SubmitAsync();
        Assert.Equal(0, api.Count(Create));
    }

    [Fact]
    public async Task NewProject_EstimateWouldPassTheUserTotal_DisablesCreateWithTheReason()
    {
        await using var ctx = Samples.Context();
        SignedIn(ctx, new FakeApi().On("GET /api/me", FakeApi.Json(Me(4, 95m))).On(Estimate, FakeApi.Json(Estimated(10m))));

        var page = await EstimateAsync(ctx);

        Assert.True(CreateButton(page).HasAttribute("disabled"));
        Assert.Equal("Total cost limit exceeded. Your projects are estimated at $95.00/month; adding $10.00 would pass your limit of $100.00/month.",
            page.Find("[data-testid=create-blocked]").TextContent.Trim());
    }

    [Fact]
    public async Task NewProject_ProjectQuotaFull_SaysSoBeforeTheEstimateAndDisablesCreate()
    {
        await using var ctx = Samples.Context();
        SignedIn(ctx, new FakeApi().On("GET /api/me", FakeApi.Json(Me(10, 20m))).On(Estimate, FakeApi.Json(Estimated(1m))));
        var first = ctx.Render<NewProject>();
        Assert.Equal("Project limit reached. You have 10 projects; the limit is 10. Delete a project to make room.",
            first.Find("[data-testid=quota-full]").TextContent.Trim());

        var page = await EstimateAsync(ctx);

        Assert.True(CreateButton(page).HasAttribute("disabled"));
        Assert.Contains("Project limit reached.", page.Find("[data-testid=create-blocked]").TextContent);
    }

    [Fact]
    public async Task Projects_DestroyedProject_IsMarkedAsStillCounting()
    {
        await using var ctx = Samples.Context();
        var destroyed = Samples.Project(ApplicationStatus.None, InfrastructureStatus.Destroyed) with { ExpiresAt = null };
        var deployed = Samples.Project(ApplicationStatus.Deployed) with { Id = Guid.NewGuid(), Name = "polls" };
        SignedIn(ctx, new FakeApi().On("GET /api/me", FakeApi.Json(Me(2, 1m))).On("GET /api/projects", FakeApi.Json(new List<ProjectDto> { destroyed, deployed })));

        var page = ctx.Render<Projects>();

        var rows = page.FindAll(".projects-table tbody tr");
        Assert.Equal("Still counts toward your quota until deleted", rows.Single(r => r.TextContent.Contains("chores")).QuerySelector("[data-testid=still-counts]")!.TextContent.Trim());
        Assert.Null(rows.Single(r => r.TextContent.Contains("polls")).QuerySelector("[data-testid=still-counts]"));
    }
}
