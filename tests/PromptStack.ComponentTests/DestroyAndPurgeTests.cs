using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Pages.Project;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Features.Projects;

namespace PromptStack.ComponentTests;

/// <summary>Destroy asks for the project's name and says what is lost; purge says what it keeps.</summary>
public sealed class DestroyAndPurgeTests
{
    private static readonly string Destroy = $"DELETE /api/projects/{Samples.ProjectId}/infrastructure";
    private static readonly string Purge = $"DELETE /api/projects/{Samples.ProjectId}/application";

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> provider, string text) =>
        provider.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static ProjectFeed Feed(FakeApi api) => new(api, Samples.ProjectId, change =>
    {
        change();
        return Task.CompletedTask;
    });

    private static async Task<IDialogReference> ShowDestroyAsync(BunitContext ctx, IRenderedComponent<MudDialogProvider> provider)
    {
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<DestroyInfrastructureDialog>("Destroy infrastructure",
            new DialogParameters<DestroyInfrastructureDialog> { { d => d.ProjectName, "chores" } }));
        return reference!;
    }

    [Fact]
    public async Task DestroyDialog_Shown_SaysTheTableAndItsDataAreLostAndWhatStays()
    {
        await using var ctx = Samples.Context();
        var provider = ctx.Render<MudDialogProvider>();

        await ShowDestroyAsync(ctx, provider);

        Assert.Contains("Destroy the infrastructure of chores?", provider.Find("#destroy-title").TextContent);
        var lost = provider.Find("[data-testid=destroy-lost]").TextContent;
        Assert.Contains("the DynamoDB table and all the data stored in it", lost);
        Assert.Contains("the S3 bucket", lost);
        Assert.Contains("the Lambda function", lost);
        Assert.Contains("the HTTP API", lost);
        Assert.Contains("It cannot be undone.", provider.Markup);
        Assert.Contains("What stays: the project, its blueprint", provider.Find("[data-testid=destroy-kept]").TextContent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("chore")]
    [InlineData("Chores")]
    [InlineData(" chores")]
    [InlineData("chores-2")]
    public async Task DestroyDialog_NameNotExactlyTyped_KeepsDestroyDisabled(string typed)
    {
        await using var ctx = Samples.Context();
        var provider = ctx.Render<MudDialogProvider>();
        await ShowDestroyAsync(ctx, provider);

        await provider.Find("#destroy-confirm-name").InputAsync(new() { Value = typed });

        Assert.True(Button(provider, "Destroy infrastructure").HasAttribute("disabled"));
    }

    [Fact]
    public async Task DestroyDialog_ExactNameTyped_EnablesDestroyAndClosesConfirmed()
    {
        await using var ctx = Samples.Context();
        var provider = ctx.Render<MudDialogProvider>();
        var reference = await ShowDestroyAsync(ctx, provider);

        await provider.Find("#destroy-confirm-name").InputAsync(new() { Value = "chores" });
        await Button(provider, "Destroy infrastructure").ClickAsync(new());

        var result = await reference.Result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(result!.Canceled);
    }

    [Fact]
    public async Task InfrastructureTab_DestroyWithNoApplication_AsksForTheNameBeforeTheApiIsCalled()
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi()
            .On(Destroy, FakeApi.Json(Samples.Accepted(Samples.Project(ApplicationStatus.None, InfrastructureStatus.Destroying)))));
        ctx.Render<MudPopoverProvider>();
        var provider = ctx.Render<MudDialogProvider>();
        await using var feed = Feed(api);
        var tab = ctx.Render<InfrastructureTab>(p => p.Add(c => c.Project, Samples.Project(ApplicationStatus.None)).Add(c => c.Feed, feed));

        // The click's handler waits for the dialog, so the click completes only once the dialog is answered.
        var clicked = tab.FindAll("button").Single(b => b.TextContent.Trim() == "Destroy").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("#destroy-title")));
        Assert.Equal(0, api.Count(Destroy));
        await provider.Find("#destroy-confirm-name").InputAsync(new() { Value = "chores" });
        await Button(provider, "Destroy infrastructure").ClickAsync(new());
        await clicked.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, api.Count(Destroy));
    }

    /// <summary>With an app deployed: one dialog says the app is purged first, and its confirmation is one purge-and-destroy request.</summary>
    [Fact]
    public async Task InfrastructureTab_DestroyWithApplication_OneDialogThenOnePurgeAndDestroyRequest()
    {
        var purgeAndDestroy = Destroy + "?purge=true";
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi()
            .On(purgeAndDestroy, FakeApi.Json(Samples.Accepted(Samples.Project(ApplicationStatus.Purging, InfrastructureStatus.Destroying)))));
        ctx.Render<MudPopoverProvider>();
        var provider = ctx.Render<MudDialogProvider>();
        await using var feed = Feed(api);
        var tab = ctx.Render<InfrastructureTab>(p => p.Add(c => c.Project, Samples.Project(ApplicationStatus.Deployed)).Add(c => c.Feed, feed));

        var clicked = tab.FindAll("button").Single(b => b.TextContent.Trim() == "Destroy").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("it is purged first", provider.Find("[data-testid=destroy-purges-app]").TextContent));
        await provider.Find("#destroy-confirm-name").InputAsync(new() { Value = "chores" });
        await Button(provider, "Purge app and destroy").ClickAsync(new());
        await clicked.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, api.Count(purgeAndDestroy));
        Assert.Equal(0, api.Count(Destroy));
        Assert.Empty(provider.FindAll(".purge-first-dialog"));
        Assert.Empty(provider.FindAll("#destroy-title"));
    }

    [Fact]
    public async Task InfrastructureTab_DestroyCancelled_CallsNothing()
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi());
        ctx.Render<MudPopoverProvider>();
        var provider = ctx.Render<MudDialogProvider>();
        await using var feed = Feed(api);
        var tab = ctx.Render<InfrastructureTab>(p => p.Add(c => c.Project, Samples.Project(ApplicationStatus.None)).Add(c => c.Feed, feed));
        var clicked = tab.FindAll("button").Single(b => b.TextContent.Trim() == "Destroy").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("#destroy-title")));

        await Button(provider, "Cancel").ClickAsync(new());

        await clicked.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(provider.FindAll("#destroy-title"));
        Assert.Equal(0, api.Count(Destroy));
    }

    [Fact]
    public async Task ApplicationTab_Purge_SaysTheDataStaysThenPurgesOnConfirm()
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi()
            .On(Purge, FakeApi.Json(Samples.Accepted(Samples.Project(ApplicationStatus.Purging)))));
        var provider = ctx.Render<MudDialogProvider>();
        await using var feed = Feed(api);
        var tab = ctx.Render<ApplicationTab>(p => p.Add(c => c.Project, Samples.Project(ApplicationStatus.Deployed)).Add(c => c.Feed, feed));

        var clicked = tab.FindAll("button").Single(b => b.TextContent.Trim() == "Purge").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Purge the application of chores?", provider.Find("#purge-title").TextContent));
        Assert.Contains("the site's files in the S3 bucket", provider.Find("[data-testid=purge-removed]").TextContent);
        var kept = provider.Find("[data-testid=purge-kept]").TextContent;
        Assert.Contains("the infrastructure (table, bucket, function and API) and the table's data", kept);
        Assert.Equal(0, api.Count(Purge));

        await Button(provider, "Purge application").ClickAsync(new());

        await clicked.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, api.Count(Purge));
    }
}
