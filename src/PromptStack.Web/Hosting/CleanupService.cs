using PromptStack.Data;
using PromptStack.Provisioning.Engine;
using PromptStack.Web.Features.Auth;

namespace PromptStack.Web.Hosting;

/// <summary>
/// The TTL reaper on the injected clock (so tests can move time), the orphan sweeper on its own
/// period, and the hourly removal of spent sign-ins and tickets.
/// </summary>
public sealed class CleanupService(
    TtlReaper reaper, OrphanSweeper sweeper, EngineOptions options, IServiceScopeFactory scopes, TimeProvider clock, ILogger<CleanupService> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ReapLoopAsync(stoppingToken), SweepLoopAsync(stoppingToken), CredentialLoopAsync(stoppingToken));

    private async Task CredentialLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CredentialCleanup.Interval, clock);
        await RunTicksAsync(timer, async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            await CredentialCleanup.CleanOnceAsync(scope.ServiceProvider.GetRequiredService<PromptStackDbContext>(), clock.GetUtcNow(), stoppingToken);
        }, "Credential cleanup", stoppingToken);
    }

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
