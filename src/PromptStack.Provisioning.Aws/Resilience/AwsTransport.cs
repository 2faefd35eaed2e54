using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>
/// The one resilience pipeline of the SigV4 clients: retry (exponential backoff with jitter) around a per-attempt
/// timeout, around pacing, around signing, around the socket handler. Nothing above it retries again.
/// </summary>
public static class AwsTransport
{
    public static HttpMessageHandler CreateSigV4Handler(HttpMessageHandler transport, AwsPacer pacer, RetryOptions retries) =>
        new ResilienceHandler(CreatePipeline(retries))
        {
            InnerHandler = new PacingHandler(pacer, "aws", PacingHandler.FromOptions)
            {
                InnerHandler = new SigV4SigningHandler { InnerHandler = transport },
            },
        };

    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(RetryOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context.CancellationToken),
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>
    /// Transport failures, and the answers <see cref="AwsApiException.IsTransient"/> calls transient: throttling,
    /// 5xx, Lambda's "update in progress" conflict and a new role Lambda cannot assume yet.
    /// </summary>
    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException or SocketException;
        }

        var response = outcome.Result!;
        var service = response.RequestMessage?.Options.TryGetValue(AwsRequestOptions.Signing, out var signing) == true ? signing.Service : "aws";
        return await AwsHttpErrors.ReadAsync(response, service, cancellationToken) is { IsTransient: true };
    }
}
