using Npgsql;

namespace PromptStack.Web.Features.Events;

/// <summary>
/// Tells the other instances sharing the PostgreSQL database that events were committed, with NOTIFY on
/// <see cref="Channel"/> (the ids of the projects, comma-separated); <see cref="PostgresEventListener"/> hears it.
/// </summary>
public sealed class PostgresEventNotifier([FromKeyedServices(EventStreamSetup.DataSourceKey)] NpgsqlDataSource dataSource, ILogger<PostgresEventNotifier> logger)
{
    public const string Channel = "promptstack_events";

    // NOTIFY payloads are limited to 8,000 bytes; 36 characters and a comma per id.
    private const int IdsPerNotification = 200;

    /// <summary>Sends in the background: the writer has committed and must not wait for the other instances.</summary>
    public void Notify(IReadOnlyList<Guid> projectIds) => _ = SendAsync(projectIds);

    private async Task SendAsync(IReadOnlyList<Guid> projectIds)
    {
        try
        {
            foreach (var chunk in projectIds.Chunk(IdsPerNotification))
            {
                await using var command = dataSource.CreateCommand("SELECT pg_notify($1, $2)");
                command.Parameters.Add(new NpgsqlParameter { Value = Channel });
                command.Parameters.Add(new NpgsqlParameter { Value = string.Join(',', chunk) });
                await command.ExecuteNonQueryAsync();
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // Streams on other instances still see the events at their next periodic read.
            logger.LogWarning(ex, "Could not notify other instances of new events.");
        }
    }
}
