using PromptStack.Data.Entities;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Features.Events;

namespace PromptStack.ComponentTests;

public sealed class ProjectFeedTests
{
    private static readonly string Base = $"/api/projects/{Samples.ProjectId}";

    [Fact]
    public async Task Start_StreamAnnouncesDeploy_AddsTheEventAndRereadsTheProject()
    {
        await using var ctx = Samples.Context();
        var fake = new FakeApi()
            .On($"GET {Base}", FakeApi.Json(Samples.Project(ApplicationStatus.Deploying)), FakeApi.Json(Samples.Project(ApplicationStatus.Deployed)))
            .On($"GET {Base}/events?after=0", FakeApi.Json(new List<EventDto> { new(2, Samples.Now, "info", "deploy", "Deploying application version 1.") }))
            .On($"GET {Base}/events/stream?after=2",
                FakeApi.Json(new List<EventDto> { new(3, Samples.Now.AddSeconds(3), "info", "deploy", "Application version 1 deployed.") }))
            .On($"GET {Base}/events/stream?after=3", FakeApi.ProblemAnswer(503, "Unavailable"));
        var api = Samples.AddApi(ctx, fake);
        var changes = 0;
        await using var feed = new ProjectFeed(api, Samples.ProjectId, change =>
        {
            lock (fake)
            {
                change();
                changes++;
            }

            return Task.CompletedTask;
        });

        await feed.StartAsync();
        Assert.NotNull(feed.Project);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((feed.Events.Count < 2 || feed.Project.Application.Status != ApplicationStatus.Deployed) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal([2L, 3L], feed.Events.Select(e => e.Seq));
        Assert.Equal($"GET {Base}/events/stream?after=2", fake.Requests.First(r => r.Route.Contains("stream", StringComparison.Ordinal)).Route);
        Assert.Equal(ApplicationStatus.Deployed, feed.Project.Application.Status);
        Assert.True(changes >= 2);
    }

    [Fact]
    public async Task Start_AnotherUsersProject_ReportsNotFound()
    {
        await using var ctx = Samples.Context();
        var fake = new FakeApi().On($"GET {Base}", FakeApi.ProblemAnswer(404, "Project not found", "No project with this id belongs to you."));
        var api = Samples.AddApi(ctx, fake);
        await using var feed = new ProjectFeed(api, Samples.ProjectId, change =>
        {
            change();
            return Task.CompletedTask;
        });

        await feed.StartAsync();

        Assert.Null(feed.Project);
        Assert.Equal("Project not found", feed.Problem!.Title);
        Assert.Single(fake.Requests);
    }

    [Theory]
    [InlineData(InfrastructureStatus.Provisioning, ApplicationStatus.None, true)]
    [InlineData(InfrastructureStatus.Deployed, ApplicationStatus.Purging, true)]
    [InlineData(InfrastructureStatus.Deployed, ApplicationStatus.Deployed, false)]
    [InlineData(InfrastructureStatus.Failed, ApplicationStatus.None, false)]
    public void IsBusy_Statuses_TellWhetherAnOperationRuns(InfrastructureStatus infra, ApplicationStatus app, bool expected) =>
        Assert.Equal(expected, ProjectFeed.IsBusy(Samples.Project(app, infra)));
}
