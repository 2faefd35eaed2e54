using PromptStack.Provisioning.Engine;

namespace PromptStack.Web.Hosting;

/// <summary>The TTL reaper on the injected clock (so tests can move time) and the orphan sweeper on its own period.</summary>
public sealed class CleanupService(TtlReaper reaper, OrphanSweeper sweeper, EngineOptions options, TimeProvider clock, ILogger<CleanupService> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ReapLoopAsync(stoppingToken), SweepLoopAsync(stoppingToken));

    private async Task ReapLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReaperInterval, clock);
        await RunTicksAsync(timer, () => reaper.ReapOnceAsync(stoppingToken), "TTL reaper", stoppingToken);
    }

    private async Task SweepLoopAsync(CancellationToken stoppingToken)
    {
        if (options.SweeperInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.SweeperInterval);
        await RunTicksAsync(timer, () => sweeper.SweepOnceAsync(stoppingToken), "Orphan sweeper", stoppingToken);
    }

    private async Task RunTicksAsync(PeriodicTimer timer, Func<Task> tick, string name, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await tick();
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // One bad tick never ends the host.
                    logger.LogError(ex, "{Name} tick failed.", name);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
