using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromptStack.Data;

namespace PromptStack.Provisioning.Telemetry;

/// <summary>
/// Observable gauges read from the database: the reconciler's backlog, live stacks and their estimated monthly cost.
/// One snapshot serves every gauge and every scrape for <see cref="MaxAge"/>, so frequent or parallel scrapes (several
/// Prometheus replicas, say) cost one small query at most every few seconds.
/// </summary>
public sealed class PlatformGauges
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly ILogger<PlatformGauges> logger;
    private readonly Lock gate = new();
    private GaugeSnapshot? snapshot;

    /// <param name="meters">
    /// The container's factory, not the static platform meter: the gauges read this container's database, and end
    /// with it (several hosts in one test process would otherwise leave callbacks on disposed containers behind).
    /// </param>
    public PlatformGauges(IServiceScopeFactory scopes, IMeterFactory meters, TimeProvider clock, ILogger<PlatformGauges> logger)
    {
        this.scopes = scopes;
        this.clock = clock;
        this.logger = logger;
        var meter = meters.Create(PlatformTelemetry.Name);
        meter.CreateObservableGauge("promptstack.reconciler.backlog", () => Current()?.Backlog ?? [], "{project}",
            "Projects with a pending request or a due drift check.");
        meter.CreateObservableGauge("promptstack.stacks.live", () => Current()?.LiveStacks ?? [], "{stack}",
            "Stacks whose infrastructure exists.");
        meter.CreateObservableGauge("promptstack.stacks.estimated_monthly_cost", () => Current()?.MonthlyCost ?? [], "{USD}",
            "Estimated cost per month of the live stacks, in US dollars.");
    }

    private GaugeSnapshot? Current()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (snapshot is null || now - snapshot.TakenAt >= MaxAge)
            {
                try
                {
                    snapshot = Read(now);
                }
                catch (ObjectDisposedException)
                {
                    // The exporters' last collection while the host shuts down: the database is gone, and that is no news.
                    snapshot = null;
                }
                catch (Exception ex)
                {
                    // A scrape while the database is away reports the gauges as absent rather than failing the scrape.
                    logger.LogWarning(ex, "Could not read the platform gauges.");
                    snapshot = null;
                }
            }

            return snapshot;
        }
    }

    private GaugeSnapshot Read(DateTimeOffset now)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var backlog = db.Projects.Count(p => p.Generation != p.ReconciledGeneration || p.ResyncAt <= now);

        // Costs are summed here: SQLite cannot sum decimals, and there are only as many rows as live stacks.
        var costs = db.Projects.AsNoTracking().Where(p => p.InfrastructureSince != null)
            .Select(p => p.EstimatedMonthlyCost).ToList();
        return new GaugeSnapshot(now, [new(backlog)], [new(costs.Count)], [new((double)costs.Sum())]);
    }

    private sealed record GaugeSnapshot(
        DateTimeOffset TakenAt, Measurement<long>[] Backlog, Measurement<long>[] LiveStacks, Measurement<double>[] MonthlyCost);
}
