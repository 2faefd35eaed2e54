using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>
/// Signs each attempt just before it leaves, below the retry and pacing handlers: a retried or long-paced request
/// gets a fresh timestamp (AWS rejects signatures older than 5 minutes) and renewed session credentials.
/// </summary>
public sealed class SigV4SigningHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(AwsRequestOptions.Signing, out var signing))
        {
            throw new InvalidOperationException("A request reached the SigV4 signer without signing options.");
        }

        // ByteArrayContent: reading it again for each attempt is free and yields the same bytes.
        var content = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var signingRequest = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri!, Content = content };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            signingRequest.Headers["Content-Type"] = contentType.ToString();
        }

        // Resolve fresh each time: user credentials renew behind this AWSCredentials instance.
        var immutable = await signing.Credentials.GetCredentialsAsync();
        var parameters = new AWSSigV4Parameters
        {
            Credentials = immutable.UseToken
                ? new SessionAWSCredentials(immutable.AccessKey, immutable.SecretKey, immutable.Token)
                : new BasicAWSCredentials(immutable.AccessKey, immutable.SecretKey),
            Region = signing.Region,
            Service = signing.Service,
            SignPayload = true,
            SignedAt = signing.Time.GetUtcNow().UtcDateTime,
        };
        var signed = await AWSSigV4Signer.SignAsync(signingRequest, parameters, cancellationToken);
        foreach (var header in signed.Headers)
        {
            // Content headers are already on the content; the rest replace the previous attempt's signature.
            if (header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            request.Headers.Remove(header.Key);
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var response = await base.SendAsync(request, cancellationToken);

        // Read the whole (small JSON/XML) answer inside the attempt: a connection that drops mid-body must fail
        // here, where the retry handler sees it, not later in HttpClient where nothing retries.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response;
    }
}
