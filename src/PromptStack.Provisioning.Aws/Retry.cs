using System.Net;
using Amazon.Runtime;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Retries transient AWS failures with exponential backoff and full jitter (delay = random(0, min(max, base*2^n))),
/// the scheme AWS recommends because it spreads competing clients out instead of retrying in lockstep.
/// </summary>
public static class Retry
{
    private static readonly HashSet<string> SdkThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded",
        "ProvisionedThroughputExceededException", "RequestThrottled", "SlowDown", "ServiceUnavailable",
    };

    public static async Task<T> ExecuteAsync<T>(
        Func<CancellationToken, Task<T>> action, RetryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= RetryOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await action(cancellationToken);
            }
            catch (Exception ex) when (attempt < options.MaxAttempts && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(NextDelay(options, attempt), options.TimeProvider, cancellationToken);
            }
        }
    }

    public static Task ExecuteAsync(
        Func<CancellationToken, Task> action, RetryOptions? options = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            async ct =>
            {
                await action(ct);
                return true;
            },
            options,
            cancellationToken);

    /// <summary>Whether an exception from our typed clients or from an AWS SDK client is worth retrying.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        AwsApiException api => api.IsTransient,
        AmazonServiceException sdk => (int)sdk.StatusCode >= 500
            || sdk.StatusCode == HttpStatusCode.TooManyRequests
            || (sdk.ErrorCode is not null && SdkThrottlingCodes.Contains(sdk.ErrorCode))
            || sdk.Retryable?.Throttling == true,
        _ => false,
    };

    /// <summary>Full-jitter delay before retry number <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan NextDelay(RetryOptions options, int attempt)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var capMs = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * capMs);
    }
}
