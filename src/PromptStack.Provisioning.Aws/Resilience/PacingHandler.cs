namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>
/// Waits for the request's operation class before each attempt and feeds throttling answers back into it.
/// Sits below the retry handler, so every attempt is paced, and above the signer, so waiting never ages a signature.
/// </summary>
public sealed class PacingHandler(AwsPacer pacer, string service, Func<HttpRequestMessage, string?> paceKeyOf) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = paceKeyOf(request);
        if (key is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        await pacer.WaitAsync(key, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (await AwsHttpErrors.ReadAsync(response, service, cancellationToken) is { IsThrottling: true })
        {
            pacer.Penalize(key);
        }

        return response;
    }

    /// <summary>The class a SigV4 client put on the request.</summary>
    public static string? FromOptions(HttpRequestMessage request) =>
        request.Options.TryGetValue(AwsRequestOptions.PaceKey, out var key) ? key : null;
}
