using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Engine;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>Two instances on one PostgreSQL database, both reaping every second: each warning and each cleanup request is written once.</summary>
public sealed class ReaperMultiInstanceTests(SharedMoto moto) : IClassFixture<SharedMoto>, IAsyncLifetime
{
    private readonly PostgresApp first = NewApp(moto);
    private readonly PostgresApp second = NewApp(moto);

    public async Task InitializeAsync()
    {
        await first.InitializeAsync();
        second.UseDatabaseOf(first);
        await second.InitializeAsync();
        _ = first.Services;
        _ = second.Services; // both hosts, and so both reapers, run from here on
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync();
        await first.DisposeAsync();
    }

    [Fact]
    public async Task TwoInstances_StackNearingCleanup_OneWarningEvent()
    {
        var (client, _) = await first.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "warned-once");
        // Half a minute short of five: a reaper pass that read the clock a few seconds before this update still says 5 (one
        // CI run's pass, started just before, said 6: the warning rounds the minutes left up).
        var expiresAt = DateTimeOffset.UtcNow.AddMinutes(4.5);
        await MakeDueAsync(first, id, expiresAt);

        // Besides the loops, each instance looks several times at once.
        await Task.WhenAll([
            .. Enumerable.Range(0, 3).Select(_ => first.Services.GetRequiredService<TtlReaper>().ReapOnceAsync(CancellationToken.None)),
            .. Enumerable.Range(0, 3).Select(_ => second.Services.GetRequiredService<TtlReaper>().ReapOnceAsync(CancellationToken.None)),
        ]);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few ticks of both loops

        var events = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events");
        var warning = Assert.Single(events.EnumerateArray(), e => e.GetProperty("operation").GetString() == "expiry");
        Assert.Equal($"Automatic cleanup in 5 minutes at {expiresAt.UtcDateTime:HH:mm} UTC; extend to keep it.", warning.GetProperty("message").GetString());
    }

    [Fact]
    public async Task TwoInstances_ManyStacksExpireAtOnce_EachQueuedForDestructionOnce()
    {
        var ids = new List<Guid>();
        for (var user = 0; user < 3; user++)
        {
            var (client, _) = await first.NewUserAsync();
            for (var project = 0; project < 10; project++)
            {
                ids.Add(Guid.Parse(await ProjectTests.CreateAsync(client, $"expired-{user}-{project}")));
            }
        }

        await Task.WhenAll(ids.Select(id => MakeDueAsync(first, id.ToString(), DateTimeOffset.UtcNow.AddSeconds(-1))));

        // Each reaper takes the list in its own order, several requests at once; besides the loops, each instance looks twice at once.
        var queued = await Task.WhenAll([
            .. Enumerable.Range(0, 2).Select(_ => first.Services.GetRequiredService<TtlReaper>().ReapOnceAsync(CancellationToken.None)),
            .. Enumerable.Range(0, 2).Select(_ => second.Services.GetRequiredService<TtlReaper>().ReapOnceAsync(CancellationToken.None)),
        ]);
        Assert.InRange(queued.Sum(), 0, ids.Count);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few ticks of both loops

        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var requests = await db.ProjectEvents.Where(e => ids.Contains(e.ProjectId) && e.Message.StartsWith("Time is up"))
            .GroupBy(e => e.ProjectId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(ids.Count, requests.Count);
        Assert.All(requests, count => Assert.Equal(1, count));
        var destroys = await db.Operations.Where(o => ids.Contains(o.ProjectId) && o.Kind == "destroy")
            .GroupBy(o => o.ProjectId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(ids.Count, destroys.Count);
        Assert.All(destroys, count => Assert.Equal(1, count));
        Assert.Equal(ids.Count, await db.Projects.CountAsync(p => ids.Contains(p.Id) && p.InfrastructureDesired == DesiredState.Absent));
    }

    /// <summary>Makes a project look provisioned with the given expiry, without the cloud (the reconciler has nothing to do).</summary>
    private static async Task MakeDueAsync(PostgresApp app, string id, DateTimeOffset expiresAt)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var projectId = Guid.Parse(id);
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.ExpiresAt, expiresAt)
            .SetProperty(p => p.InfrastructureDesired, DesiredState.Present));
    }

    private static PostgresApp NewApp(SharedMoto moto)
    {
        var app = new PostgresApp();
        app.Settings["AWS_ENDPOINT_URL"] = moto.Url;
        app.Settings["REAPER_INTERVAL_SECONDS"] = "1";
        return app;
    }
}
