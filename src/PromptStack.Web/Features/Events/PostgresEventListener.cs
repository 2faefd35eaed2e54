using Npgsql;
using PromptStack.Web.Infrastructure.ReadCache;

namespace PromptStack.Web.Features.Events;

/// <summary>
/// Holds one connection that LISTENs for <see cref="EventsChannel"/>, and wakes this instance's streams of the
/// projects named, and for <see cref="ChangesChannel"/>, and tells the read caches. After a lost
/// connection it wakes every stream and empties the caches, since notifications sent meanwhile are gone, and
/// listens again.
/// </summary>
public sealed class PostgresEventListener(
    [FromKeyedServices(EventStreamSetup.DataSourceKey)] NpgsqlDataSource dataSource, EventSignal signal, ChangeVersions versions,
    ILogger<PostgresEventListener> logger)
    : BackgroundService
{
    /// <summary>Sent by the database's trigger on every project event inserted, with its project's id (migration EventNotifyTrigger).</summary>
    public const string EventsChannel = "promptstack_events";

    /// <summary>Sent by the database's own triggers on every write to cached tables (migrations ReadCacheTriggers, OwnerChangeNotify).</summary>
    public const string ChangesChannel = "promptstack_changes";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == ChangesChannel)
                    {
                        versions.Notified(e.Payload);
                    }
                    else
                    {
                        signal.Publish(Parse(e.Payload));
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {EventsChannel}; LISTEN {ChangesChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                versions.BumpAll();
                signal.PublishAll();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                versions.BumpAll();
                logger.LogWarning(ex, "Listening for events of other instances failed; listening again in 2 seconds.");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private static IEnumerable<Guid> Parse(string payload) =>
        payload.Split(',').Select(id => Guid.TryParse(id, out var projectId) ? projectId : Guid.Empty).Where(id => id != Guid.Empty);
}
