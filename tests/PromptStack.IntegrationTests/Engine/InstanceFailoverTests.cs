using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using Xunit.Abstractions;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// Two instances of the built server, each its own OS process, on one PostgreSQL database and one
/// moto. One is killed (SIGKILL) in the middle of 50 provisions: the other finishes them all, each
/// resource created once and nothing left unowned. Then, with a fresh second instance, one is paused
/// (SIGSTOP) past its lease in the middle of 20 more: the other takes its projects over, and once
/// woken (SIGCONT) the paused one writes nothing.
/// </summary>
public sealed class InstanceFailoverTests(SharedMoto moto, ITestOutputHelper output) : IClassFixture<SharedMoto>, IAsyncLifetime
{
    private const int Projects = 50;
    private const int PausedBatch = 20;
    private const int LeaseSeconds = 3;
    private static readonly string[] Kinds = ["dynamodb-table", "http-api", "iam-role", "lambda-function", "s3-bucket"];

    private readonly List<ServerProcess> servers = [];
    private EngineDatabase db = null!;

    public async Task InitializeAsync() => db = await EngineDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var server in servers)
        {
            // Whatever an instance logged as an error is the first thing to read when this test fails.
            var lines = server.Output.Split('\n');
            var errors = lines.Select((line, i) => (line, i)).Where(l => l.line.StartsWith("fail:", StringComparison.Ordinal))
                .Take(5).Select(l => string.Join('\n', lines.Skip(l.i).Take(12)));
            foreach (var error in errors)
            {
                output.WriteLine($"{server.Name}: {error}");
            }

            await server.DisposeAsync();
        }

        if (db is not null)
        {
            await db.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoProcesses_OneKilledThenOnePausedMidProvision_TheOtherFinishesAndThePausedWritesNothing()
    {
        var watch = Stopwatch.StartNew();
        var (code, migrateOutput) = await ServerProcess.RunAsync(["migrate"], Environment(""));
        Assert.True(code == 0, migrateOutput);
        var (startingA, startingB) = (StartAsync("instance-a"), StartAsync("instance-b"));
        var (a, b) = (await startingA, await startingB);
        output.WriteLine($"migrated and started 2 instances in {watch.Elapsed.TotalSeconds:F1} s");

        using var anonymous = a.Client();
        var registered = await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "failover@example.com", password = "correct-horse-battery" });
        registered.EnsureSuccessStatusCode();
        var token = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        using var viaA = a.Client(token);
        using var viaB = b.Client(token);
        // Every project is created before any work starts: on a loaded 2-core machine, a create beside busy instances
        // can fail with 500 when the prompt screen's 200 ms regex timeout fires (seen; a separate issue).
        var ids = new List<Guid>();
        var more = new List<Guid>();
        for (var i = 0; i < Projects + PausedBatch; i++)
        {
            (i < Projects ? ids : more).Add(Guid.Parse(await ProjectTests.CreateAsync(viaA, i < Projects ? $"failover-{i}" : $"paused-{i - Projects}")));
        }

        // Kill: half the provisions asked of each instance at once; A dies while it has projects in hand.
        var phase = Stopwatch.StartNew();
        var accepted = await Task.WhenAll(ids.Select((id, i) => (i % 2 == 0 ? viaA : viaB).PostAsync($"/api/projects/{id}/infrastructure", null)));
        Assert.All(accepted, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await UntilAsync("A has 3 projects in hand and 5 are deployed", TimeSpan.FromSeconds(120),
            async () => (await db.InHandAsync("instance-a")).Count >= 3 && await db.CountAsync(ids, "deployed") >= 5);
        a.Kill();
        var killedAt = phase.Elapsed;
        var leftByA = await db.InHandAsync("instance-a");
        var deployedAtKill = await db.CountAsync(ids, "deployed");
        await UntilAsync("every project is deployed", TimeSpan.FromSeconds(240), async () => await db.CountAsync(ids, "deployed", settled: true) == Projects);
        output.WriteLine($"kill: A killed (SIGKILL) {killedAt.TotalSeconds:F1} s into the run with {leftByA.Count} projects in hand and {deployedAtKill} deployed; " +
                         $"all {Projects} deployed after {phase.Elapsed.TotalSeconds:F1} s");

        var factory = new AwsClientFactory(new AwsSettings { EndpointUrl = moto.Url }, new AwsCredentialSource(new AwsSettings { EndpointUrl = moto.Url }));
        var cloud = await CloudInventory.AllAsync(factory);
        var rows = await db.ResourceRowsAsync();
        var created = await db.EventsAsync("Created %");
        var existing = await db.EventsAsync("% exists and is up to date.");
        var orphans = cloud.Where(r => !rows.Any(row => Owns(row, r))).ToList();
        output.WriteLine($"kill: {cloud.Count} resources in moto for {Projects} projects, {orphans.Count} orphans; {created.Count} 'Created' events, " +
                         $"{existing.Count} 'exists and is up to date' events (B finding what A had made), " +
                         $"{created.GroupBy(e => e.ProjectId).Count(g => g.Count() == Kinds.Length)} projects with all 5 created in one run");
        Assert.Empty(orphans);
        Assert.Equal(Projects * Kinds.Length, cloud.Count);
        foreach (var id in ids)
        {
            Assert.Equal(Kinds, cloud.Where(r => r.Tags.GetValueOrDefault("ProjectId") == id.ToString()).Select(r => r.Kind).Order());
        }

        var createdTwice = created.GroupBy(e => (e.ProjectId, Kind: e.Message.Split(' ')[1])).Where(g => g.Count() > 1).ToList();
        Assert.True(createdTwice.Count == 0, "created twice: " + string.Join(", ", createdTwice.Select(g => g.Key)));

        // Pause: a fresh instance joins and 20 more stacks are asked of B, which is stopped with provisions in its
        // hands for longer than its lease. Provisioning, because its writes would land: their rows are still there.
        var c = await StartAsync("instance-c");
        phase.Restart();
        accepted = await Task.WhenAll(more.Select(id => viaB.PostAsync($"/api/projects/{id}/infrastructure", null)));
        Assert.All(accepted, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await UntilAsync("B has 3 projects in hand", TimeSpan.FromSeconds(60), async () => (await db.InHandAsync("instance-b")).Count >= 3);
        await b.PauseAsync();
        var pausedAt = phase.Elapsed;
        var logBeforeResume = b.Output.Length;
        await Task.Delay(200);
        var leftByB = await db.InHandAsync("instance-b");
        await UntilAsync("every project is deployed and no lease is in force", TimeSpan.FromSeconds(240),
            async () => await db.CountAsync(more, "deployed", settled: true) == PausedBatch);
        var finishedAt = phase.Elapsed;
        Assert.False(b.HasExited);

        // A project B had finished but not yet released when it stopped was never taken over: its release may still come.
        var all = ids.Concat(more).ToList();
        var neverTakenOver = await db.QueryAsync("""SELECT "Id" FROM projects WHERE "LeaseOwner" = 'instance-b'""", r => r.GetGuid(0));
        var before = await db.WrittenAsync(all.Except(neverTakenOver).ToList());

        await b.ResumeAsync();
        var resumed = Stopwatch.StartNew();
        // Its work on each ends with a lost lease (a renewal or a write refused), or with an error when the write it was
        // stopped in had its session ended by PostgreSQL's idle-in-transaction timeout (the commit fails).
        bool Lost(Guid id) => b.Output[logBeforeResume..].Contains($"Lost the lease on project {id}", StringComparison.Ordinal);
        bool Failed(Guid id) => b.Output[logBeforeResume..].Contains($"Reconciling project {id} failed", StringComparison.Ordinal);
        // A project it had finished but not released was never taken over: its work ends by releasing the lease, which
        // logs neither (seen in CI once stacks got quicker).
        var takenOver = leftByB.Except(neverTakenOver).ToList();
        await UntilAsync("B stops the work on every project it had in hand that C took over", TimeSpan.FromSeconds(60),
            () => Task.FromResult(takenOver.All(id => Lost(id) || Failed(id))));
        await Task.Delay(TimeSpan.FromSeconds(LeaseSeconds));
        var after = await db.WrittenAsync(all.Except(neverTakenOver).ToList());
        var changed = after.Where(row => !before.Contains(row)).ToList();
        output.WriteLine($"pause: B paused (SIGSTOP) {pausedAt.TotalSeconds:F1} s into {PausedBatch} more provisions with {leftByB.Count} in hand; " +
                         $"C finished them all after {finishedAt.TotalSeconds:F1} s; B resumed (SIGCONT), stopped its work on all {takenOver.Count} taken over within " +
                         $"{resumed.Elapsed.TotalSeconds:F1} s ({takenOver.Count(Lost)} lost leases, {takenOver.Count(id => Failed(id) && !Lost(id))} writes " +
                         $"whose session PostgreSQL had ended), and wrote {changed.Count} rows " +
                         $"(projects, operations, resources, events) after the takeover ({neverTakenOver.Count} finished projects still leased to it left out)");
        Assert.True(changed.Count == 0, "written after the takeover:\n" + string.Join('\n', changed));
        Assert.True((await b.Client().GetAsync("/health/live")).IsSuccessStatusCode, "B did not survive its pause.");

        // The cloud knows no epoch: an AWS call B had not yet sent when it stopped goes out when it wakes. Named
        // resources then already exist; only an HTTP API (named by AWS) can be made twice, a stray for the orphan sweeper.
        cloud = await CloudInventory.AllAsync(factory);
        rows = await db.ResourceRowsAsync();
        created = await db.EventsAsync("Created %");
        var strays = cloud.Where(r => !rows.Any(row => Owns(row, r))).ToList();
        output.WriteLine($"pause: {cloud.Count} resources in moto for {all.Count} projects, {strays.Count} not owned " +
                         $"({string.Join(", ", strays.Select(r => r.Kind + " " + r.Name))}); total {watch.Elapsed.TotalSeconds:F1} s");
        Assert.All(strays, r => Assert.Equal("http-api", r.Kind));
        foreach (var id in all)
        {
            var owned = cloud.Where(r => r.Tags.GetValueOrDefault("ProjectId") == id.ToString() && rows.Any(row => Owns(row, r)));
            Assert.Equal(Kinds, owned.Select(r => r.Kind).Order());
        }

        createdTwice = created.GroupBy(e => (e.ProjectId, Kind: e.Message.Split(' ')[1])).Where(g => g.Count() > 1).ToList();
        Assert.True(createdTwice.Count == 0, "created twice: " + string.Join(", ", createdTwice.Select(g => g.Key)));
    }

    private Dictionary<string, string> Environment(string instance) => new()
    {
        ["DATABASE_URL"] = db.ConnectionString,
        ["MIGRATE_ON_START"] = "false",
        ["JWT_SECRET"] = PromptStackApp.JwtSecret,
        ["AWS_ENDPOINT_URL"] = moto.Url,
        ["RECONCILER_INSTANCE_ID"] = instance,
        ["RECONCILER_LEASE_SECONDS"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RECONCILER_POLL_MS"] = "200",
        ["SWEEPER_INTERVAL_SECONDS"] = "0",

        // No drift checks: the pause phase takes every write to a project row after the takeover for the paused
        // instance's, and the live instances' own checks of the first 50 stacks (due from 30 s after each was
        // deployed, with the default interval) would be counted with them. Fenced drift checks: DriftMultiInstanceTests.
        ["RESYNC_INTERVAL_SECONDS"] = "0",
        ["MAX_RESOURCES_PER_USER"] = (Projects + PausedBatch).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MAX_TOTAL_COST_PER_USER"] = "100000",
        ["RATE_LIMIT_AUTH_PER_MINUTE"] = "1000",
        ["RATE_LIMIT_CREATE_PER_MINUTE"] = "1000",
        ["RATE_LIMIT_OPERATIONS_PER_MINUTE"] = "1000",
        ["PREVIEW_DIR"] = Path.Combine(Path.GetTempPath(), "promptstack-tests-preview"),
    };

    private async Task<ServerProcess> StartAsync(string instance)
    {
        var server = await ServerProcess.StartAsync(instance, Environment(instance));
        lock (servers)
        {
            servers.Add(server);
        }

        return server;
    }

    private static async Task UntilAsync(string what, TimeSpan timeout, Func<Task<bool>> done)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(watch.Elapsed < timeout, $"Timed out after {timeout.TotalSeconds} s waiting until {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>A resource in the cloud is owned when a project's row names it (and, for an HTTP API, its id), as the orphan sweeper decides.</summary>
    private static bool Owns(EngineDatabase.ResourceRow row, CloudResource resource) =>
        row.Kind == resource.Kind && row.PhysicalId == resource.Name && row.ProjectId.ToString() == resource.Tags.GetValueOrDefault("ProjectId") &&
        (resource.Kind != "http-api" || JsonSerializer.Deserialize<Dictionary<string, string>>(row.Attributes)?.GetValueOrDefault("apiId") == resource.Id);
}
