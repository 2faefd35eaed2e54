using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Pages.Project;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Features.Events;
using PromptStack.Web.Features.Projects;

namespace PromptStack.ComponentTests;

/// <summary>The stepper on a project, its one next action, the running step's time and the run history.</summary>
public sealed class GuidedPathTests
{
    private static readonly string Get = $"GET /api/projects/{Samples.ProjectId}";
    private static readonly string Events = $"GET /api/projects/{Samples.ProjectId}/events?after=0";
    private static readonly string ProvisionAndDeploy = $"POST /api/projects/{Samples.ProjectId}/infrastructure?deploy=true";
    private static readonly string Deploy = $"POST /api/projects/{Samples.ProjectId}/application";
    private static readonly Guid Op = Guid.Parse("00000000-0000-4000-8000-0000000000aa");

    private static ProjectDto Project(InfrastructureStatus infra, ApplicationStatus app) => Samples.Project(app, infra);

    private static EventDto E(long seq, int secondsAgo, string operation, string message, string level = "info", Guid? op = null) =>
        new(seq, Samples.Now.AddSeconds(-secondsAgo), level, operation, message, op ?? Op);

    /// <summary>A feed that has read <paramref name="project"/> and <paramref name="events"/>.</summary>
    private static async Task<ProjectFeed> FeedAsync(FakeApi api, ProjectDto project, params EventDto[] events)
    {
        api.On(Get, FakeApi.Json(project)).On(Events, FakeApi.Json(events.ToList()));
        var feed = new ProjectFeed(api, Samples.ProjectId, change =>
        {
            change();
            return Task.CompletedTask;
        });
        await feed.StartAsync();
        return feed;
    }

    private static string State(IRenderedComponent<ProjectStepper> stepper, string step) =>
        stepper.Find($"[data-step={step}]").GetAttribute("data-state")!;

    [Theory]
    [InlineData(InfrastructureStatus.None, ApplicationStatus.None, "current", "todo", "todo")]
    [InlineData(InfrastructureStatus.Provisioning, ApplicationStatus.None, "running", "todo", "todo")]
    [InlineData(InfrastructureStatus.Failed, ApplicationStatus.None, "failed", "todo", "todo")]
    [InlineData(InfrastructureStatus.Deployed, ApplicationStatus.None, "done", "current", "todo")]
    [InlineData(InfrastructureStatus.Deployed, ApplicationStatus.Deploying, "done", "running", "todo")]
    [InlineData(InfrastructureStatus.Deployed, ApplicationStatus.Failed, "done", "failed", "todo")]
    [InlineData(InfrastructureStatus.Deployed, ApplicationStatus.Deployed, "done", "done", "current")]
    public async Task Stepper_Statuses_MarkDoneCurrentRunningAndFailedSteps(
        InfrastructureStatus infra, ApplicationStatus app, string provision, string deploy, string open)
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi());
        await using var feed = await FeedAsync(api, Project(infra, app));

        var stepper = ctx.Render<ProjectStepper>(p => p.Add(c => c.Project, Project(infra, app)).Add(c => c.Feed, feed));

        Assert.Equal("done", State(stepper, "estimate"));
        Assert.Equal("done", State(stepper, "create"));
        Assert.Equal(provision, State(stepper, "provision"));
        Assert.Equal(deploy, State(stepper, "deploy"));
        Assert.Equal(open, State(stepper, "open"));
        Assert.Single(stepper.FindAll("[aria-current=step]"));
    }

    [Fact]
    public async Task ProvisionAndDeploy_Clicked_AsksForBothInOneRequestAndToastsNothing()
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi());
        var snackbar = ctx.Render<MudSnackbarProvider>();
        await using var feed = await FeedAsync(api, Project(InfrastructureStatus.None, ApplicationStatus.None));
        api.On(ProvisionAndDeploy, FakeApi.Json(Samples.Accepted(Project(InfrastructureStatus.Provisioning, ApplicationStatus.None))));
        var stepper = ctx.Render<ProjectStepper>(p => p.Add(c => c.Project, Project(InfrastructureStatus.None, ApplicationStatus.None)).Add(c => c.Feed, feed));

        await stepper.Find("[data-testid=provision-and-deploy]").ClickAsync(new());

        Assert.Equal(1, api.Count(ProvisionAndDeploy));
        Assert.Empty(snackbar.FindAll(".mud-snackbar"));
    }

    [Fact]
    public async Task InfrastructureUp_NoApplication_PromptsNextDeploy()
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi());
        var project = Project(InfrastructureStatus.Deployed, ApplicationStatus.None);
        await using var feed = await FeedAsync(api, project);
        api.On(Deploy, FakeApi.Json(Samples.Accepted(Project(InfrastructureStatus.Deployed, ApplicationStatus.Deploying))));
        var stepper = ctx.Render<ProjectStepper>(p => p.Add(c => c.Project, project).Add(c => c.Feed, feed));

        Assert.Contains("Next: deploy.", stepper.Find("[data-testid=next-deploy]").TextContent);
        await stepper.FindAll("button").Single(b => b.TextContent.Trim() == "Deploy now").ClickAsync(new());

        Assert.Equal(1, api.Count(Deploy));
    }

    [Fact]
    public async Task Running_StepSilentTooLong_ShowsElapsedTimeAndWaitingForAws()
    {
        var clock = new FakeTimeProvider(Samples.Now);
        await using var ctx = Samples.Context(clock);
        var api = Samples.AddApi(ctx, new FakeApi());
        var project = Project(InfrastructureStatus.Provisioning, ApplicationStatus.None);
        await using var feed = await FeedAsync(api, project,
            E(1, 12, "provision", "Provisioning and deploy requested; the stack will be removed automatically at ..."),
            E(2, 11, "provision", "Provisioning infrastructure."),
            E(3, 5, "provision", "Created dynamodb-table pst-1."));
        var stepper = ctx.Render<ProjectStepper>(p => p.Add(c => c.Project, project).Add(c => c.Feed, feed));

        Assert.Equal("12s", stepper.Find("[data-testid=elapsed]").TextContent);
        Assert.Empty(stepper.FindAll("[data-testid=waiting-for-aws]"));
        Assert.Contains("deployed as soon as the infrastructure is up", stepper.Markup);

        // The clock ticks the elapsed time; 20 s without a new step means the engine is retrying or pacing AWS calls.
        clock.Advance(TimeSpan.FromSeconds(16));
        stepper.WaitForAssertion(() => Assert.Equal("28s", stepper.Find("[data-testid=elapsed]").TextContent));
        Assert.Contains("Waiting for AWS (retrying)", stepper.Find("[data-testid=waiting-for-aws]").TextContent);
    }

    [Fact]
    public void Runs_ProvisionAndDeployThenFailedPurge_AreRunsWithOutcomeAndDuration()
    {
        var purge = Guid.NewGuid();
        EventDto[] events =
        [
            E(1, 100, "provision", "Provisioning and deploy requested."),
            E(2, 99, "provision", "Provisioning infrastructure."),
            E(3, 90, "provision", "Infrastructure deployed."),
            E(4, 90, "deploy", "Deploying application version 1."),
            E(5, 84, "deploy", "Application version 1 deployed."),
            E(6, 60, "extend", "Expiry moved."),
            E(7, 50, "purge", "Purge requested.", op: purge),
            E(8, 49, "purge", "Purging application.", op: purge),
            E(9, 40, "purge", "Purge failed: boom", "error", purge),
        ];

        var runs = OperationRuns.From(events, busy: false);

        Assert.Equal(["provision", "deploy", "purge"], runs.Select(r => r.Kind));
        Assert.Equal(TimeSpan.FromSeconds(10), runs[0].Duration);
        Assert.Equal(TimeSpan.FromSeconds(6), runs[1].Duration);
        Assert.Equal([RunOutcome.Succeeded, RunOutcome.Succeeded, RunOutcome.Failed], runs.Select(r => r.Outcome));
        Assert.Equal("Purge failed: boom", runs[2].Error);
    }

    [Fact]
    public void Runs_ReaperDestroy_PurgeThenDestroyEachFromTheRequest()
    {
        EventDto[] events =
        [
            E(1, 30, "destroy", "Time is up: purging the application and destroying the infrastructure.", "warning"),
            E(2, 29, "purge", "Purging application."),
            E(3, 25, "purge", "Application purged: bucket emptied, function reset."),
            E(4, 25, "destroy", "Destroying infrastructure."),
        ];

        var runs = OperationRuns.From(events, busy: true);

        Assert.Equal(["purge", "destroy"], runs.Select(r => r.Kind));
        Assert.Equal(Samples.Now.AddSeconds(-30), runs[0].StartedAt);
        Assert.Equal([RunOutcome.Succeeded, RunOutcome.Running], runs.Select(r => r.Outcome));
    }

    [Fact]
    public async Task RunHistory_Events_ListsRunsNewestFirst()
    {
        await using var ctx = Samples.Context();
        EventDto[] events =
        [
            E(1, 100, "provision", "Provisioning requested."),
            E(2, 90, "provision", "Infrastructure deployed."),
            E(3, 50, "destroy", "Destroy requested.", op: Guid.NewGuid()),
        ];

        var history = ctx.Render<RunHistory>(p => p.Add(c => c.Events, events).Add(c => c.Busy, true));

        var rows = history.FindAll("tbody tr");
        Assert.Equal(["destroy", "provision"], rows.Select(r => r.GetAttribute("data-kind")));
        Assert.Equal(["running", "succeeded"], rows.Select(r => r.GetAttribute("data-outcome")));
        Assert.Contains("10s", rows[1].TextContent);
        Assert.Contains("50s", rows[0].TextContent);
    }

    [Fact]
    public async Task RunHistory_InTheViewersZone_ShowsLocalStartTimesWithUtcInTheTooltip()
    {
        await using var ctx = Samples.Context();
        var tokyo = ViewerTime.From("Asia/Tokyo");
        EventDto[] events = [E(1, 100, "provision", "Provisioning requested."), E(2, 90, "provision", "Infrastructure deployed.")];

        var history = ctx.Render<RunHistory>(p => p.AddCascadingValue(tokyo).Add(c => c.Events, events));

        var started = history.Find("tbody tr time");
        Assert.Equal(tokyo.Clock(Samples.Now.AddSeconds(-100)), started.TextContent);
        Assert.NotEqual(Format.Clock(Samples.Now.AddSeconds(-100)), started.TextContent);
        Assert.Contains(Format.Time(Samples.Now.AddSeconds(-100)), started.GetAttribute("title"));
        Assert.DoesNotContain("UTC", history.Find("thead").TextContent);
    }
}
