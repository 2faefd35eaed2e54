using Npgsql;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>
/// A PostgreSQL database of its own on the test server (PROMPTSTACK_TEST_POSTGRES) for server processes to
/// share, read directly: what the engine wrote, as a test checks it. Dropped on dispose.
/// </summary>
public sealed class EngineDatabase : IAsyncDisposable
{
    private readonly string name;

    private EngineDatabase(string name, string connectionString)
    {
        this.name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public sealed record ResourceRow(Guid ProjectId, string Kind, string PhysicalId, string Attributes);

    public static async Task<EngineDatabase> CreateAsync()
    {
        var name = "ps_engine_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        // A paused instance may be stopped inside a write's transaction, holding its project's row: PostgreSQL ends such
        // a session after 15 s (the server's default is 30 s), so the instance taking over waits no longer. Not much less:
        // on a loaded 2-core machine a busy instance's own transactions have sat idle for over 5 s.
        return new EngineDatabase(name, new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString)
        {
            Database = name, Options = "-c idle_in_transaction_session_timeout=15000",
        }.ConnectionString);
    }

    /// <summary>Pending projects whose lease this instance holds (its own claims stand until they expire).</summary>
    public Task<List<Guid>> InHandAsync(string instance) =>
        QueryAsync("""SELECT "Id" FROM projects WHERE "LeaseOwner" = @p0 AND "Generation" <> "ReconciledGeneration" """, r => r.GetGuid(0), instance);

    /// <summary>Projects in the infrastructure status; settled: their work is done and no lease is in force.</summary>
    public async Task<int> CountAsync(List<Guid> ids, string status, bool settled = false)
    {
        var failed = await QueryAsync(
            """SELECT "Id"::text || ': ' || coalesce("InfrastructureError", '') FROM projects WHERE "Id" = ANY(@p0) AND lower("InfrastructureStatus") = 'failed'""",
            r => r.GetString(0), ids.ToArray());
        Assert.True(failed.Count == 0, "failed: " + string.Join("; ", failed));
        var sql = """SELECT count(*) FROM projects WHERE "Id" = ANY(@p0) AND lower("InfrastructureStatus") = @p1""" +
                  (settled ? """ AND "Generation" = "ReconciledGeneration" AND ("LeaseOwner" IS NULL OR "LeasedUntil" < now())""" : "");
        return (int)(await QueryAsync(sql, r => r.GetInt64(0), ids.ToArray(), status)).Single();
    }

    /// <summary>Resource rows not yet deleted: what the projects own.</summary>
    public Task<List<ResourceRow>> ResourceRowsAsync() =>
        QueryAsync("""SELECT "ProjectId", "Kind", "PhysicalId", "AttributesJson" FROM resources WHERE "Status" <> 'deleted'""",
            r => new ResourceRow(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3)));

    public Task<List<(Guid ProjectId, string Message)>> EventsAsync(string like) =>
        QueryAsync("""SELECT "ProjectId", "Message" FROM project_events WHERE "Message" LIKE @p0""", r => (r.GetGuid(0), r.GetString(1)), like);

    /// <summary>Every row the work writes for these projects, with its row version (xmin) where rows are updated in place.</summary>
    public async Task<HashSet<string>> WrittenAsync(List<Guid> ids)
    {
        var all = ids.ToArray();
        var rows = new HashSet<string>();
        rows.UnionWith(await QueryAsync("""SELECT 'project ' || "Id" || ' xmin ' || xmin::text FROM projects WHERE "Id" = ANY(@p0)""", r => r.GetString(0), all));
        rows.UnionWith(await QueryAsync("""SELECT 'operation ' || "Id" || ' xmin ' || xmin::text FROM operations WHERE "ProjectId" = ANY(@p0)""", r => r.GetString(0), all));
        rows.UnionWith(await QueryAsync("""SELECT 'resource ' || "Id" || ' xmin ' || xmin::text FROM resources WHERE "ProjectId" = ANY(@p0)""", r => r.GetString(0), all));
        rows.UnionWith(await QueryAsync("""SELECT 'event ' || "Seq" || ' ' || "Message" FROM project_events WHERE "ProjectId" = ANY(@p0)""", r => r.GetString(0), all));
        return rows;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
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

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
