namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>Reads an AWS error answer once and classifies it with the same rules the typed clients throw with.</summary>
public static class AwsHttpErrors
{
    /// <summary>
    /// The error a non-2xx answer carries, or null for success. Reading buffers the body, so whoever receives the
    /// response next (the retry handler, the SDK, <see cref="SigV4HttpClient"/>) can still read it.
    /// </summary>
    public static async Task<AwsApiException?> ReadAsync(HttpResponseMessage response, string service, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return AwsErrorParser.Parse(service, response.StatusCode, response.Headers, body);
    }
}
