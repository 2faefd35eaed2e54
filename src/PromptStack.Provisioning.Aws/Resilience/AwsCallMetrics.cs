using System.Diagnostics.Metrics;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>The AWS instruments on the platform meter, recorded per attempt by <see cref="PacingHandler"/>.</summary>
public static class AwsCallMetrics
{
    public static readonly Histogram<double> CallDuration = PlatformTelemetry.Meter.CreateHistogram(
        "promptstack.aws.call.duration", "s", "AWS calls (each attempt) by service, operation and outcome, with their latency.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static readonly Counter<long> Throttles = PlatformTelemetry.Meter.CreateCounter<long>(
        "promptstack.aws.throttles", "{response}", "AWS answers that throttled a call.");

    public static readonly Counter<long> Retries = PlatformTelemetry.Meter.CreateCounter<long>(
        "promptstack.aws.retries", "{attempt}", "Attempts of an AWS call after its first (made by either transport's retry).");

    /// <summary>Reports the counters once at 0 (see EngineMetrics.StartAtZero).</summary>
    public static void StartAtZero()
    {
        Throttles.Add(0);
        Retries.Add(0);
    }

    /// <summary>
    /// "success", "not_found" (a resource found gone: no error, a routine answer to Observe and Delete), "throttled", "client_error"
    /// (other 4xx), "server_error" (5xx) or "transport_error" (no answer).
    /// </summary>
    public static string OutcomeOf(HttpResponseMessage? response, AwsApiException? error) => (response, error) switch
    {
        (null, _) => "transport_error",
        (_, null) => "success",
        (_, { IsThrottling: true }) => "throttled",
        (_, { IsNotFound: true }) => "not_found",
        (_, { StatusCode: >= System.Net.HttpStatusCode.InternalServerError }) => "server_error",
        _ => "client_error",
    };
}
