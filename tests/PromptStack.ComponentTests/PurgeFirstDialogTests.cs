using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Features.Projects;

namespace PromptStack.ComponentTests;

public sealed class PurgeFirstDialogTests
{
    private static readonly string Purge = $"DELETE /api/projects/{Samples.ProjectId}/application";
    private static readonly string Destroy = $"DELETE /api/projects/{Samples.ProjectId}/infrastructure";
    private static readonly string Get = $"GET /api/projects/{Samples.ProjectId}";

    private sealed record Shown(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Reference);

    private static async Task<Shown> ShowAsync(BunitContext ctx)
    {
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<PurgeFirstDialog>("Purge application first",
            new DialogParameters<PurgeFirstDialog>
            {
                { d => d.ProjectId, Samples.ProjectId },
                { d => d.PollInterval, TimeSpan.FromMilliseconds(10) },
            }));
        return new Shown(provider, reference!);
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> provider, string text) =>
        provider.FindAll("button").Single(b => b.TextContent.Trim() == text);

    /// <summary>The API's refusal may name routes ("DELETE .../application"); the dialog says it in the user's words.</summary>
    [Fact]
    public async Task Show_Refusal_SaysItInUserWordsAndOnlyPurgeIsEnabled()
    {
        await using var ctx = Samples.Context();
        var api = new FakeApi();
        Samples.AddApi(ctx, api);

        var (provider, _) = await ShowAsync(ctx);

        Assert.Contains("Purge application first", provider.Find("#purge-first-title").TextContent);
        Assert.Contains("Purge the application first, then destroy the infrastructure.", provider.Markup);
        Assert.DoesNotContain("DELETE", provider.Markup);
        Assert.DoesNotContain("/application", provider.Find(".purge-first-dialog").TextContent);
        Assert.False(Button(provider, "Purge application").HasAttribute("disabled"));
        Assert.True(Button(provider, "Destroy infrastructure").HasAttribute("disabled"));
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Purge_ApplicationReachesNone_EnablesDestroy()
    {
        await using var ctx = Samples.Context();
        var api = new FakeApi()
            .On(Purge, FakeApi.Json(Samples.Accepted(Samples.Project(ApplicationStatus.Purging))))
            .On(Get, FakeApi.Json(Samples.Project(ApplicationStatus.Purging)), FakeApi.Json(Samples.Project(ApplicationStatus.Purging)),
                FakeApi.Json(Samples.Project(ApplicationStatus.None)));
        Samples.AddApi(ctx, api);
        var (provider, _) = await ShowAsync(ctx);

        await Button(provider, "Purge application").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Application purged.", provider.Markup));
        Assert.False(Button(provider, "Destroy infrastructure").HasAttribute("disabled"));
        Assert.True(Button(provider, "Purge application").HasAttribute("disabled"));
        Assert.Equal(1, api.Count(Purge));
        Assert.Equal(3, api.Count(Get));
        Assert.Equal(0, api.Count(Destroy));
    }

    [Fact]
    public async Task Destroy_AfterPurge_RequestsDestroyAndClosesWithTheOperation()
    {
        await using var ctx = Samples.Context();
        var destroying = Samples.Accepted(Samples.Project(ApplicationStatus.None, InfrastructureStatus.Destroying));
        var api = new FakeApi()
            .On(Purge, FakeApi.Json(Samples.Accepted(Samples.Project(ApplicationStatus.Purging))))
            .On(Get, FakeApi.Json(Samples.Project(ApplicationStatus.None)))
            .On(Destroy, FakeApi.Json(destroying));
        Samples.AddApi(ctx, api);
        var (provider, reference) = await ShowAsync(ctx);
        await Button(provider, "Purge application").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.False(Button(provider, "Destroy infrastructure").HasAttribute("disabled")));

        await Button(provider, "Destroy infrastructure").ClickAsync(new());

        var result = await reference.Result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(result!.Canceled);
        var accepted = Assert.IsType<OperationAccepted>(result.Data);
        Assert.Equal(InfrastructureStatus.Destroying, accepted.Project.Infrastructure.Status);
        Assert.Equal(1, api.Count(Destroy));
        Assert.True(api.Requests.FindIndex(r => r.Route == Purge) < api.Requests.FindIndex(r => r.Route == Destroy));
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("#purge-first-title")));
    }

    [Fact]
    public async Task Purge_Refused_ShowsTheProblemAndKeepsDestroyDisabled()
    {
        await using var ctx = Samples.Context();
        var api = new FakeApi().On(Purge, FakeApi.ProblemAnswer(409, "Application operation in progress", "Wait for the current deploy or purge to finish."));
        Samples.AddApi(ctx, api);
        var (provider, _) = await ShowAsync(ctx);

        await Button(provider, "Purge application").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Application operation in progress", provider.Find("[data-testid=problem]").TextContent));
        Assert.Contains("Wait for the current deploy or purge to finish.", provider.Find("[data-testid=problem]").TextContent);
        Assert.True(Button(provider, "Destroy infrastructure").HasAttribute("disabled"));
        Assert.False(Button(provider, "Purge application").HasAttribute("disabled"));
        Assert.Equal(0, api.Count(Get));
    }

    [Fact]
    public async Task Purge_FailsInTheBackground_ShowsTheApplicationError()
    {
        await using var ctx = Samples.Context();
        var api = new FakeApi()
            .On(Purge, FakeApi.Json(Samples.Accepted(Samples.Project(ApplicationStatus.Purging))))
            .On(Get, FakeApi.Json(Samples.Project(ApplicationStatus.Failed, appError: "Purge failed: bucket is locked")));
        Samples.AddApi(ctx, api);
        var (provider, _) = await ShowAsync(ctx);

        await Button(provider, "Purge application").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Purge failed: bucket is locked", provider.Find("[data-testid=problem]").TextContent));
        Assert.True(Button(provider, "Destroy infrastructure").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Cancel_BeforeAnything_ClosesWithoutCallingTheApi()
    {
        await using var ctx = Samples.Context();
        var api = new FakeApi();
        Samples.AddApi(ctx, api);
        var (provider, reference) = await ShowAsync(ctx);

        await Button(provider, "Cancel").ClickAsync(new());

        var result = await reference.Result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(result!.Canceled);
        Assert.Empty(api.Requests);
    }
}
