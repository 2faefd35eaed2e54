using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.Data;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// An instance whose lease is taken over in the middle of a step, as when it paused past its lease,
/// writes nothing more. The takeover is made from the change hook with the update another instance's
/// claim makes (new owner, epoch raised), while the first instance's own lease has not run out.
/// </summary>
public abstract class FencingTests(SharedMoto moto)
{
    private static readonly string[] Kinds = ["dynamodb-table", "http-api", "iam-role", "lambda-function", "s3-bucket"];

    protected abstract PromptStackApp NewApp();

    protected PromptStackApp Configure(PromptStackApp app)
    {
        app.Settings["AWS_ENDPOINT_URL"] = moto.Url;
        return app;
    }

    [Fact]
    public async Task Write_AfterAnotherInstanceClaimedTheProject_IsRefusedAndNothingMoreIsWritten()
    {
        await using var app = NewApp();
        await app.InitializeAsync();
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "fenced");
        var projectId = Guid.Parse(id);

        var takeovers = 0;
        var changesAfterTakeover = 0;
        var takenOver = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Services.GetRequiredService<ReconcilerFaults>().AfterChange = async step =>
        {
            if (Interlocked.CompareExchange(ref takeovers, 1, 0) != 0)
            {
                Interlocked.Increment(ref changesAfterTakeover);
                return;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            var until = DateTimeOffset.UtcNow.AddMinutes(10);
            await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.LeaseOwner, "another-instance")
                .SetProperty(p => p.LeaseEpoch, p => p.LeaseEpoch + 1)
                .SetProperty(p => p.LeasedUntil, until));
            takenOver.SetResult(await SnapshotAsync(db, projectId));
        };

        await client.PostAsync($"/api/projects/{id}/infrastructure", null);
        var atTakeover = await takenOver.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The step in flight finishes its cloud calls, then its next write is refused and the work stops:
        // wait until no change has been made for 2 s.
        var (seen, quietSince) = (0, DateTime.UtcNow);
        while (DateTime.UtcNow - quietSince < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(250);
            if (Volatile.Read(ref changesAfterTakeover) != seen)
            {
                (seen, quietSince) = (Volatile.Read(ref changesAfterTakeover), DateTime.UtcNow);
            }
        }

        Assert.Equal(atTakeover, await SnapshotAsync(app, projectId));

        // The other instance dies in turn: once its lease has run out, the work is claimed anew and finished.
        await WithDbAsync(app, db => db.Projects.Where(p => p.Id == projectId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LeasedUntil, DateTimeOffset.UtcNow.AddSeconds(-1))));
        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed")));
        var cloud = await CloudInventory.ForProjectAsync(app.Services.GetRequiredService<AwsClientFactory>(), id);
        Assert.Equal(Kinds, cloud.Select(r => r.Kind).Order());
        var lease = await WithDbAsync(app, db => db.Projects.Where(p => p.Id == projectId)
            .Select(p => new { p.LeaseOwner, p.LeaseEpoch }).SingleAsync());
        Assert.Null(lease.LeaseOwner);
        Assert.Equal(3, lease.LeaseEpoch);

        await client.DeleteAsync($"/api/projects/{id}/infrastructure");
        Assert.Equal("destroyed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "destroyed")));
    }

    /// <summary>Everything the work may write for a project: the project row, its resource rows and its events.</summary>
    private static async Task<string> SnapshotAsync(PromptStackDbContext db, Guid projectId)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Resources).SingleAsync(p => p.Id == projectId);
        var events = await db.ProjectEvents.AsNoTracking().Where(e => e.ProjectId == projectId).OrderBy(e => e.Seq)
            .Select(e => e.Seq + " " + e.Message).ToListAsync();
        var resources = project.Resources.OrderBy(r => r.Name)
            .Select(r => $"{r.Name} {r.Status} {r.Arn} {r.AttributesJson} {r.Error} {r.UpdatedAt:O}");
        return string.Join('\n', [
            $"{project.InfrastructureStatus} {project.InfrastructureUpdatedAt:O} {project.InfrastructureError} {project.OutputsJson}",
            $"lease {project.LeaseOwner} {project.LeaseEpoch} {project.LeasedUntil:O}, reconciled {project.ReconciledGeneration}/{project.Generation}",
            .. resources, .. events]);
    }

    private static Task<string> SnapshotAsync(PromptStackApp app, Guid projectId) => WithDbAsync(app, db => SnapshotAsync(db, projectId));

    private static async Task<T> WithDbAsync<T>(PromptStackApp app, Func<PromptStackDbContext, Task<T>> use)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<PromptStackDbContext>());
    }
}

public sealed class FencingTestsOnSqlite(SharedMoto moto) : FencingTests(moto), IClassFixture<SharedMoto>
{
    protected override PromptStackApp NewApp() => Configure(new SqliteApp());
}

public sealed class FencingTestsOnPostgres(SharedMoto moto) : FencingTests(moto), IClassFixture<SharedMoto>
{
    protected override PromptStackApp NewApp() => Configure(new PostgresApp());
}
