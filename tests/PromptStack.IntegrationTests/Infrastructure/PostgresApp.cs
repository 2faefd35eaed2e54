using Npgsql;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>
/// PostgreSQL mode: a new database on the server named by PROMPTSTACK_TEST_POSTGRES
/// (scripts/test.sh starts one), migrated by the app on start.
/// </summary>
public class PostgresApp : PromptStackApp
{
    private readonly string database = "ps_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, string?> settings = [];
    private bool ownsDatabase = true;

    public override string DatabaseName => "PostgreSQL";

    public override IDictionary<string, string?> Settings => settings;

    /// <summary>Connects to another app's database instead of creating one: a second instance of one installation.</summary>
    public void UseDatabaseOf(PostgresApp other)
    {
        ownsDatabase = false;
        settings["DATABASE_URL"] = other.settings["DATABASE_URL"];
        settings["MIGRATE_ON_START"] = "false";
    }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("PROMPTSTACK_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "PROMPTSTACK_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts PostgreSQL, or point it at a server (Host=...;Username=...).");

    public override async Task InitializeAsync()
    {
        if (!ownsDatabase)
        {
            return;
        }

        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        settings["DATABASE_URL"] = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;
        settings["MIGRATE_ON_START"] = "true";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await DropDatabaseAsync();
        }
    }

    private async Task DropDatabaseAsync()
    {
        if (!ownsDatabase)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
