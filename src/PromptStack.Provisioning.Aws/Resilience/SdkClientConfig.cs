using Amazon.Runtime;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>The one rule for every AWS SDK client PromptStack builds, the credential source's STS client included.</summary>
internal static class SdkClientConfig
{
    /// <summary>
    /// Endpoint and region from <paramref name="settings"/>; the SDK's standard retry mode with the shared budget as
    /// the only retry of the call; the paced, shared HttpClient of the service.
    /// </summary>
    public static T Apply<T>(T config, AwsSettings settings, RetryOptions retries, PacedSdkHttpClientFactory http)
        where T : ClientConfig
    {
        settings.ApplyTo(config);
        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = retries.MaxAttempts - 1;

        // The SDK's retry quota (one per service URL, shared by the whole process) stops retrying once a few dozen
        // retries are outstanding; every call's budget then silently shrinks to one attempt, unlike the SigV4
        // transport's. With a quarter of all calls faulted, 50 stacks drained it and a stack failed on a single 500.
        // Pacing and its throttling penalty already keep retries from piling onto a struggling service.
        config.ThrottleRetries = false;
        config.Timeout = retries.AttemptTimeout;
        config.HttpClientFactory = http;
        return config;
    }
}
