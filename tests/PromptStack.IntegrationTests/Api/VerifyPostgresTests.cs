using Microsoft.Extensions.Configuration;
using Npgsql;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Web.Infrastructure.Verify;

namespace PromptStack.IntegrationTests.Api;

/// <summary><c>verify</c> on PostgreSQL, where migrations are a separate command that may not have run yet.</summary>
public sealed class VerifyPostgresTests : IAsyncLifetime
{
    private readonly string database = "ps_verify_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Verify_PostgresWithPendingMigrations_FailsAndSaysRunMigrate()
    {
        var output = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString) { Database = database }.ConnectionString,
            ["JWT_SECRET"] = PromptStackApp.JwtSecret,
        }).Build();

        var exit = await VerifyCommand.RunAsync(["verify"], configuration, output);

        var text = output.ToString();
        Assert.True(exit == 1, text);
        Assert.Matches(@"\[FAIL\] Database: PostgreSQL, 0 migrations applied, \d+ pending \(.*_Initial.*\) — run `PromptStack.Web migrate`", text);
        Assert.Contains("[ok]   JWT secret: JWT_SECRET is set and long enough", text, StringComparison.Ordinal);
    }

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
