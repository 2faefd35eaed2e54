using PromptStack.Web.Features.Alerts;

namespace PromptStack.Web.Hosting;

/// <summary>
/// Every ALERT_INTERVAL_SECONDS of the injected clock (so tests can move time): raise the alerts that are due, then
/// send what the outbox holds. Each failed step is logged and the loop goes on.
/// </summary>
public sealed class AlertService(AlertScanner scanner, AlertOutbox outbox, AlertOptions options, TimeProvider clock, ILogger<AlertService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunAsync(() => scanner.ScanOnceAsync(stoppingToken), "Alert scan", stoppingToken);
                // Sent even when the scan failed: retries and other instances' alerts wait in the outbox.
                await RunAsync(() => outbox.DeliverDueAsync(stoppingToken), "Alert delivery", stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(Func<Task<int>> step, string name, CancellationToken stoppingToken)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // One bad tick never ends the host.
            logger.LogError(ex, "{Name} tick failed.", name);
        }
    }
}
