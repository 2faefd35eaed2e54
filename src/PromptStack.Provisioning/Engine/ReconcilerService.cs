using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Keeps up to EngineOptions.MaxParallelProjects projects in work at once. It looks for new work
/// whenever a request wakes it, a project finishes, or the poll interval passes (for work queued
/// through other instances), so a new request never waits for unrelated long operations.
/// </summary>
public sealed class ReconcilerService(ProjectReconciler reconciler, ReconcilerSignal signal, EngineOptions options, ILogger<ReconcilerService> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, Task> inFlight = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var free = options.MaxParallelProjects - inFlight.Count;
                if (free > 0)
                {
                    var pending = await reconciler.FindPendingAsync(free + inFlight.Count, stoppingToken);
                    foreach (var id in pending.Where(id => !inFlight.ContainsKey(id)).Take(free))
                    {
                        inFlight[id] = WorkAsync(id, stoppingToken);
                    }
                }

                await signal.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // One bad pass (database briefly away, say) never ends the host.
                logger.LogError(ex, "Reconciler pass failed; retrying.");
                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await Task.WhenAll(inFlight.Values).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task WorkAsync(Guid projectId, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await reconciler.TryProcessAsync(projectId, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Work on project {ProjectId} failed.", projectId);
        }
        finally
        {
            inFlight.TryRemove(projectId, out _);
            signal.Wake();
        }
    }
}
