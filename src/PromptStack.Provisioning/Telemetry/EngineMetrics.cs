using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PromptStack.Provisioning.Telemetry;

/// <summary>The engine's instruments on the platform meter; the README's Monitoring table lists them.</summary>
public static class EngineMetrics
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Cancelled = "cancelled";

    /// <summary>Seconds one step of a project's work took, by kind (provision, deploy, purge, destroy, resync) and outcome.</summary>
    public static readonly Histogram<double> OperationDuration = PlatformTelemetry.Meter.CreateHistogram(
        "promptstack.operation.duration", "s", "Duration of the reconciler's operations on a stack.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600] });

    /// <summary>Claims of a project whose previous lease had expired unreleased: another instance died or stalled.</summary>
    public static readonly Counter<long> LeaseTakeovers = PlatformTelemetry.Meter.CreateCounter<long>(
        "promptstack.reconciler.lease_takeovers", "{takeover}", "Projects claimed from an expired, unreleased lease.");

    /// <summary>Expired stacks the TTL cleanup destroyed or failed to destroy.</summary>
    public static readonly Counter<long> Cleanups = PlatformTelemetry.Meter.CreateCounter<long>(
        "promptstack.cleanups", "{stack}", "Expired stacks destroyed (outcome=destroyed) or not (outcome=failed).");

    /// <summary>Orphaned resources the sweeper deleted or failed to delete, by resource kind.</summary>
    public static readonly Counter<long> Orphans = PlatformTelemetry.Meter.CreateCounter<long>(
        "promptstack.orphans", "{resource}", "Orphaned resources deleted (outcome=deleted) or not (outcome=failed).");

    /// <summary>
    /// Reports every counter once at 0, as Prometheus advises: a counter that has not counted yet is otherwise absent,
    /// so dashboards show "no data" and rate() lacks the first sample of the first increase. Call once exporting starts.
    /// </summary>
    public static void StartAtZero()
    {
        LeaseTakeovers.Add(0);
        foreach (var outcome in new[] { "destroyed", "failed" })
        {
            Cleanups.Add(0, new KeyValuePair<string, object?>("outcome", outcome));
        }

        foreach (var outcome in new[] { "deleted", "failed" })
        {
            Orphans.Add(0, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>
    /// Runs one step of a project's work inside its own span and records its duration; <paramref name="step"/>
    /// returns null on success, else the readable error.
    /// </summary>
    public static async Task<string?> MeasureAsync(string kind, Func<Task<string?>> step)
    {
        using var activity = PlatformTelemetry.StartChild("promptstack." + kind);
        activity?.SetTag("promptstack.operation.kind", kind);
        var started = Stopwatch.GetTimestamp();
        var outcome = Failure;
        try
        {
            var error = await step();
            outcome = error is null ? Success : Failure;
            if (error is not null)
            {
                activity?.SetStatus(ActivityStatusCode.Error, error);
            }

            return error;
        }
        catch (OperationCanceledException)
        {
            outcome = Cancelled;
            throw;
        }
        finally
        {
            activity?.SetTag("promptstack.outcome", outcome);
            OperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
