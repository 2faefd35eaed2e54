using System.Diagnostics;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>
/// Waits for the request's operation class before each attempt and feeds throttling answers back into it.
/// Sits below the retry handler, so every attempt is paced, and above the signer, so waiting never ages a signature.
/// Every attempt of every AWS call, SigV4 and SDK alike, passes here once, so this is also where calls are measured
/// (<see cref="AwsCallMetrics"/>) and traced: one client span per attempt, a child of the resource step that made it.
/// </summary>
public sealed class PacingHandler(AwsPacer pacer, string service, Func<HttpRequestMessage, string?> paceKeyOf) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = paceKeyOf(request);
        if (key is not null)
        {
            await pacer.WaitAsync(key, cancellationToken);
        }

        // One HttpClient serves every SigV4 service; the request says which one it signs for.
        var callService = request.Options.TryGetValue(AwsRequestOptions.Signing, out var signing) ? signing.Service : service;
        var operation = await AwsOperationNames.OfAsync(request, callService, cancellationToken);
        var attempt = AttemptOf(request);
        var tags = new TagList { { "service", callService }, { "operation", operation } };
        if (attempt > 1)
        {
            AwsCallMetrics.Retries.Add(1, tags);
        }

        using var activity = PlatformTelemetry.StartChild($"aws {callService}.{operation}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", callService);
        activity?.SetTag("rpc.method", operation);
        activity?.SetTag("promptstack.aws.attempt", attempt);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage? response = null;
        AwsApiException? error = null;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
            error = await AwsHttpErrors.ReadAsync(response, callService, cancellationToken);
            if (error is { IsThrottling: true })
            {
                AwsCallMetrics.Throttles.Add(1, tags);
                if (key is not null)
                {
                    pacer.Penalize(key);
                }
            }

            return response;
        }
        finally
        {
            var outcome = AwsCallMetrics.OutcomeOf(response, error);
            tags.Add("outcome", outcome);
            AwsCallMetrics.CallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag("promptstack.outcome", outcome);
            if (response is not null)
            {
                activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            }

            if (outcome is not "success" and not "not_found")
            {
                activity?.SetStatus(ActivityStatusCode.Error, error?.ErrorCode ?? outcome);
            }
        }
    }

    /// <summary>The class a SigV4 client put on the request.</summary>
    public static string? FromOptions(HttpRequestMessage request) =>
        request.Options.TryGetValue(AwsRequestOptions.PaceKey, out var key) ? key : null;

    /// <summary>
    /// Which attempt this is: the SDK numbers its attempts in the amz-sdk-request header ("attempt=2; max=4") and
    /// builds a new message for each; the SigV4 retry handler sends the same message again, so it is counted on it.
    /// </summary>
    private static int AttemptOf(HttpRequestMessage request)
    {
        if (request.Headers.TryGetValues("amz-sdk-request", out var values) && values.FirstOrDefault() is { } header)
        {
            var attempt = header.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("attempt=", StringComparison.Ordinal));
            return attempt is not null && int.TryParse(attempt.AsSpan(8), out var number) ? number : 1;
        }

        var made = request.Options.TryGetValue(AwsRequestOptions.Attempt, out var count) ? count + 1 : 1;
        request.Options.Set(AwsRequestOptions.Attempt, made);
        return made;
    }
}
