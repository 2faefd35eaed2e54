using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Pages.Project;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Features.Projects;

namespace PromptStack.ComponentTests;

/// <summary>The warning before automatic cleanup, its Extend button, and what an extension that hit the cap says.</summary>
public sealed class ExpiryBannerTests
{
    private static readonly string Extend = $"POST /api/projects/{Samples.ProjectId}/extend";

    private static ProjectDto ExpiringIn(TimeSpan left) => Samples.Project(ApplicationStatus.Deployed) with { ExpiresAt = Samples.Now + left };

    private static IRenderedComponent<ExpiryBanner> Render(BunitContext ctx, FakeApi api, ProjectDto project, int? cap, ProjectFeed feed) =>
        ctx.Render<ExpiryBanner>(p => p.Add(c => c.Project, project).Add(c => c.Feed, feed).Add(c => c.ExtendCapMinutes, cap));

    private static ProjectFeed Feed(FakeApi api) => new(api, Samples.ProjectId, change =>
    {
        change();
        return Task.CompletedTask;
    });

    [Fact]
    public async Task Banner_CleanupMoreThanTenMinutesAway_AppearsWhenTheCountdownCrossesTen()
    {
        var clock = new FakeTimeProvider(Samples.Now);
        await using var ctx = Samples.Context(clock);
        var api = Samples.AddApi(ctx, new FakeApi());
        await using var feed = Feed(api);
        var cut = Render(ctx, api, ExpiringIn(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5)), 240, feed);
        Assert.Empty(cut.FindAll("[data-testid=expiry-banner]"));

        clock.Advance(TimeSpan.FromSeconds(6));

        cut.WaitForAssertion(() => Assert.Contains("9m 59s left", cut.Find("[data-testid=expiry-banner]").TextContent));
        var banner = cut.Find("[data-testid=expiry-banner]").TextContent;
        Assert.Contains("Automatic cleanup at 2026-11-26 12:10:05 UTC", banner);
        Assert.Contains("the infrastructure destroyed, with the table's data", banner);
        Assert.Equal("Extend by 60 minutes", cut.Find("[data-testid=banner-extend]").TextContent.Trim());
    }

    [Fact]
    public async Task Banner_ExtensionWouldPassTheCap_SaysTheCapOnTheButton()
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi());
        await using var feed = Feed(api);

        var cut = Render(ctx, api, ExpiringIn(TimeSpan.FromMinutes(9)), 60, feed);

        Assert.Equal("Extend (up to 1 h from now)", cut.Find("[data-testid=banner-extend]").TextContent.Trim());
    }

    [Fact]
    public async Task Banner_NothingProvisioned_IsHidden()
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi());
        await using var feed = Feed(api);

        var cut = Render(ctx, api, Samples.Project(ApplicationStatus.None, InfrastructureStatus.Destroyed) with { ExpiresAt = null }, 240, feed);

        Assert.Empty(cut.FindAll("[data-testid=expiry-banner]"));
    }

    [Fact]
    public async Task Extend_CutShortByTheCap_SaysItWasCapped()
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi().On(Extend, FakeApi.Json(ExpiringIn(TimeSpan.FromMinutes(60)))));
        var snackbar = ctx.Render<MudSnackbarProvider>();
        await using var feed = Feed(api);
        var cut = Render(ctx, api, ExpiringIn(TimeSpan.FromMinutes(9)), 60, feed);

        await cut.Find("[data-testid=banner-extend]").ClickAsync(new());

        Assert.Equal("""{"minutes":60}""", api.Requests.Single(r => r.Route == Extend).Body);
        snackbar.WaitForAssertion(() => Assert.Contains(
            "Cleanup moved to 2026-11-26 13:00:00 UTC only: extensions are capped at 1 h from now, so it got 51 min of the 60 minutes asked for.",
            snackbar.Markup));
    }

    [Fact]
    public void Outcome_FullExtension_SaysOnlyWhereCleanupMoved()
    {
        var (message, capped) = Extension.Outcome(Samples.Now.AddMinutes(9), 60, Samples.Now.AddMinutes(69), 240);

        Assert.Equal("Cleanup moved to 2026-11-26 13:09:00 UTC.", message);
        Assert.False(capped);
    }

    [Fact]
    public void Outcome_AlreadyAtTheCap_SaysNothingMoved()
    {
        var (message, capped) = Extension.Outcome(Samples.Now.AddMinutes(240), 30, Samples.Now.AddMinutes(240), 240);

        Assert.Equal("Cleanup not moved: it is already at 2026-11-26 16:00:00 UTC, the most an extension allows (4 h from now).", message);
        Assert.True(capped);
    }
}
