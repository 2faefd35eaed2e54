using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
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

    private readonly string database = "ps_failover_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<ServerProcess> servers = [];
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        await using (var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        // A paused instance may be stopped inside a write's transaction, holding its project's row: PostgreSQL ends
        // such a session after 5 s, so the row lock cannot hold up the instance taking over for longer.
        connectionString = new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString)
        {
            Database = database, Options = "-c idle_in_transaction_session_timeout=5000",
        }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task TwoProcesses_OneKilledThenOnePausedMidProvision_TheOtherFinishesAndThePausedWritesNothing()
    {
        var watch = Stopwatch.StartNew();
        var (code, migrateOutput) = await ServerProcess.RunAsync(["migrate"], Environment(""));
        Assert.True(code == 0, migrateOutput);
        var a = await StartAsync("instance-a");
        var b = await StartAsync("instance-b");
        output.WriteLine($"migrated and started 2 instances in {watch.Elapsed.TotalSeconds:F1} s");

        using var anonymous = a.Client();
        var registered = await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "failover@example.com", password = "correct-horse-battery" });
        registered.EnsureSuccessStatusCode();
        var token = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        using var viaA = a.Client(token);
        using var viaB = b.Client(token);
        var ids = new List<Guid>();
        for (var i = 0; i < Projects; i++)
        {
            ids.Add(Guid.Parse(await ProjectTests.CreateAsync(viaA, $"failover-{i}")));
        }

        // Kill: half the provisions asked of each instance at once; A dies while it has projects in hand.
        var phase = Stopwatch.StartNew();
        var accepted = await Task.WhenAll(ids.Select((id, i) => (i % 2 == 0 ? viaA : viaB).PostAsync($"/api/projects/{id}/infrastructure", null)));
        Assert.All(accepted, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await UntilAsync("A has 3 projects in hand and 5 are deployed", TimeSpan.FromSeconds(120),
            async () => (await InHandAsync("instance-a")).Count >= 3 && await CountAsync(ids, "deployed") >= 5);
        a.Kill();
        var killedAt = phase.Elapsed;
        var leftByA = await InHandAsync("instance-a");
        var deployedAtKill = await CountAsync(ids, "deployed");
        await UntilAsync("every project is deployed", TimeSpan.FromSeconds(240), async () => await CountAsync(ids, "deployed", settled: true) == Projects);
        output.WriteLine($"kill: A killed (SIGKILL) {killedAt.TotalSeconds:F1} s into the run with {leftByA.Count} projects in hand and {deployedAtKill} deployed; " +
                         $"all {Projects} deployed after {phase.Elapsed.TotalSeconds:F1} s");

        var factory = new AwsClientFactory(new AwsSettings { EndpointUrl = moto.Url }, new AwsCredentialSource(new AwsSettings { EndpointUrl = moto.Url }));
        var cloud = await CloudInventory.AllAsync(factory);
        var rows = await ResourceRowsAsync();
        var created = await EventsAsync("Created %");
        var existing = await EventsAsync("% exists and is up to date.");
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
        var more = new List<Guid>();
        for (var i = 0; i < PausedBatch; i++)
        {
            more.Add(Guid.Parse(await ProjectTests.CreateAsync(viaB, $"paused-{i}")));
        }

        phase.Restart();
        accepted = await Task.WhenAll(more.Select(id => viaB.PostAsync($"/api/projects/{id}/infrastructure", null)));
        Assert.All(accepted, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await UntilAsync("B has 3 projects in hand", TimeSpan.FromSeconds(60), async () => (await InHandAsync("instance-b")).Count >= 3);
        await b.PauseAsync();
        var pausedAt = phase.Elapsed;
        var logBeforeResume = b.Output.Length;
        await Task.Delay(200);
        var leftByB = await InHandAsync("instance-b");
        await UntilAsync("every project is deployed and no lease is in force", TimeSpan.FromSeconds(240),
            async () => await CountAsync(more, "deployed", settled: true) == PausedBatch);
        var finishedAt = phase.Elapsed;
        Assert.False(b.HasExited);

        // A project B had finished but not yet released when it stopped was never taken over: its release may still come.
        var all = ids.Concat(more).ToList();
        var neverTakenOver = await QueryAsync("""SELECT "Id" FROM projects WHERE "LeaseOwner" = 'instance-b'""", r => r.GetGuid(0));
        var before = await WrittenAsync(all.Except(neverTakenOver).ToList());

        await b.ResumeAsync();
        var resumed = Stopwatch.StartNew();
        await UntilAsync("B stops the work on every project it had in hand", TimeSpan.FromSeconds(60),
            () => Task.FromResult(leftByB.All(id => b.Output[logBeforeResume..].Contains($"Lost the lease on project {id}", StringComparison.Ordinal))));
        await Task.Delay(TimeSpan.FromSeconds(LeaseSeconds));
        var after = await WrittenAsync(all.Except(neverTakenOver).ToList());
        var changed = after.Where(row => !before.Contains(row)).ToList();
        output.WriteLine($"pause: B paused (SIGSTOP) {pausedAt.TotalSeconds:F1} s into {PausedBatch} more provisions with {leftByB.Count} in hand; " +
                         $"C finished them all after {finishedAt.TotalSeconds:F1} s; B resumed (SIGCONT), logged a lost lease for " +
                         $"{leftByB.Count}/{leftByB.Count} within {resumed.Elapsed.TotalSeconds:F1} s, and wrote {changed.Count} rows " +
                         $"(projects, operations, resources, events) after the takeover ({neverTakenOver.Count} finished projects still leased to it left out)");
        Assert.True(changed.Count == 0, "written after the takeover:\n" + string.Join('\n', changed));
        Assert.True((await b.Client().GetAsync("/health/live")).IsSuccessStatusCode, "B did not survive its pause.");

        // The cloud knows no epoch: an AWS call B had not yet sent when it stopped goes out when it wakes. Named
        // resources then already exist; only an HTTP API (named by AWS) can be made twice, a stray for the orphan sweeper.
        cloud = await CloudInventory.AllAsync(factory);
        rows = await ResourceRowsAsync();
        created = await EventsAsync("Created %");
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
        ["DATABASE_URL"] = connectionString,
        ["MIGRATE_ON_START"] = "false",
        ["JWT_SECRET"] = PromptStackApp.JwtSecret,
        ["AWS_ENDPOINT_URL"] = moto.Url,
        ["RECONCILER_INSTANCE_ID"] = instance,
        ["RECONCILER_LEASE_SECONDS"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RECONCILER_POLL_MS"] = "200",
        ["SWEEPER_INTERVAL_SECONDS"] = "0",
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
        servers.Add(server);
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

    /// <summary>Pending projects whose lease this instance holds (its own claims stand until they expire).</summary>
    private Task<List<Guid>> InHandAsync(string instance) =>
        QueryAsync("""SELECT "Id" FROM projects WHERE "LeaseOwner" = @p0 AND "Generation" <> "ReconciledGeneration" """, r => r.GetGuid(0), instance);

    /// <summary>Projects in the infrastructure status; settled: their work is done and no lease is in force.</summary>
    private async Task<int> CountAsync(List<Guid> ids, string status, bool settled = false)
    {
        var failed = await QueryAsync(
            """SELECT "Id"::text || ': ' || coalesce("InfrastructureError", '') FROM projects WHERE "Id" = ANY(@p0) AND lower("InfrastructureStatus") = 'failed'""",
            r => r.GetString(0), ids.ToArray());
        Assert.True(failed.Count == 0, "failed: " + string.Join("; ", failed));
        var sql = """SELECT count(*) FROM projects WHERE "Id" = ANY(@p0) AND lower("InfrastructureStatus") = @p1""" +
                  (settled ? """ AND "Generation" = "ReconciledGeneration" AND ("LeaseOwner" IS NULL OR "LeasedUntil" < now())""" : "");
        return (int)(await QueryAsync(sql, r => r.GetInt64(0), ids.ToArray(), status)).Single();
    }

    private Task<List<(Guid ProjectId, string Kind, string PhysicalId, string Attributes)>> ResourceRowsAsync() =>
        QueryAsync("""SELECT "ProjectId", "Kind", "PhysicalId", "AttributesJson" FROM resources WHERE "Status" <> 'deleted'""",
            r => (r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3)));

    private Task<List<(Guid ProjectId, string Message)>> EventsAsync(string like) =>
        QueryAsync("""SELECT "ProjectId", "Message" FROM project_events WHERE "Message" LIKE @p0""", r => (r.GetGuid(0), r.GetString(1)), like);

    /// <summary>A resource in the cloud is owned when a project's row names it (and, for an HTTP API, its id), as the orphan sweeper decides.</summary>
    private static bool Owns((Guid ProjectId, string Kind, string PhysicalId, string Attributes) row, CloudResource resource) =>
        row.Kind == resource.Kind && row.PhysicalId == resource.Name && row.ProjectId.ToString() == resource.Tags.GetValueOrDefault("ProjectId") &&
        (resource.Kind != "http-api" || JsonSerializer.Deserialize<Dictionary<string, string>>(row.Attributes)?.GetValueOrDefault("apiId") == resource.Id);

    /// <summary>Every row the work writes for these projects, with its row version (xmin) where rows are updated in place.</summary>
    private async Task<HashSet<string>> WrittenAsync(List<Guid> ids)
    {
        var all = ids.ToArray();
        var rows = new HashSet<string>();
        rows.UnionWith(await QueryAsync("""SELECT 'project ' || "Id" || ' xmin ' || xmin::text FROM projects WHERE "Id" = ANY(@p0)""", r => r.GetString(0), all));
        rows.UnionWith(await QueryAsync("""SELECT 'operation ' || "Id" || ' xmin ' || xmin::text FROM operations WHERE "ProjectId" = ANY(@p0)""", r => r.GetString(0), all));
        rows.UnionWith(await QueryAsync("""SELECT 'resource ' || "Id" || ' xmin ' || xmin::text FROM resources WHERE "ProjectId" = ANY(@p0)""", r => r.GetString(0), all));
        rows.UnionWith(await QueryAsync("""SELECT 'event ' || "Seq" || ' ' || "Message" FROM project_events WHERE "ProjectId" = ANY(@p0)""", r => r.GetString(0), all));
        return rows;
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", parameters[i]);
        }

        var found = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(read(reader));
        }

        return found;
    }
}
