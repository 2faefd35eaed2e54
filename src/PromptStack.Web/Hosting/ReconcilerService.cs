using PromptStack.Provisioning.Engine;

namespace PromptStack.Web.Hosting;

/// <summary>Runs the reconciler whenever a request wakes it, and every poll interval for work other instances queued.</summary>
public sealed class ReconcilerService(ProjectReconciler reconciler, ReconcilerSignal signal, EngineOptions options, ILogger<ReconcilerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reconciler.RunOnceAsync(stoppingToken);
                await signal.WaitAsync(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // One bad pass (database briefly away, say) never ends the host.
                logger.LogError(ex, "Reconciler pass failed; retrying.");
                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
