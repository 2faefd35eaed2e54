using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Signs (SigV4, via the AWS SDK's own signer), sends and error-maps requests for the services whose SDK
/// packages are not available to us. The typed clients only build paths and bodies on top of this.
/// </summary>
public sealed class SigV4HttpClient
{
    private const string QueryContentType = "application/x-www-form-urlencoded; charset=utf-8";
    private readonly HttpClient _http;
    private readonly AWSCredentials _credentials;
    private readonly RegionEndpoint _signingRegion;
    private readonly Uri _endpoint;
    private readonly TimeProvider _time;

    /// <param name="timeProvider">Clock for the signature timestamp; fixed in tests to compare against known signatures.</param>
    public SigV4HttpClient(
        HttpClient http, AWSCredentials credentials, string service, Uri endpoint, RegionEndpoint signingRegion, TimeProvider? timeProvider = null)
    {
        _http = http;
        _credentials = credentials;
        Service = service;
        _endpoint = endpoint;
        _signingRegion = signingRegion;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Signing name of the service ("lambda", "apigateway", "iam").</summary>
    public string Service { get; }

    /// <summary>
    /// Sends a REST-JSON request. Returns the parsed body, or an Undefined element for empty bodies
    /// (204 answers to deletes). Throws <see cref="AwsApiException"/> for non-2xx answers.
    /// </summary>
    public async Task<JsonElement> SendJsonAsync(
        HttpMethod method, string pathAndQuery, object? body, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var content = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), options);
        var response = await SendAsync(method, pathAndQuery, content, content is null ? null : "application/json", cancellationToken);
        if (response.Length == 0)
        {
            return default;
        }

        using var doc = JsonDocument.Parse(response);
        return doc.RootElement.Clone();
    }

    /// <summary>
    /// Sends a Query-protocol request (form-encoded POST to "/") and returns the XML answer.
    /// Action and Version belong in <paramref name="parameters"/>.
    /// </summary>
    public async Task<XDocument> SendQueryAsync(IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        // AWS expects RFC 3986 encoding (%20, not '+'), which Uri.EscapeDataString produces.
        var form = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var response = await SendAsync(HttpMethod.Post, "/", Encoding.UTF8.GetBytes(form), QueryContentType, cancellationToken);
        return XDocument.Parse(Encoding.UTF8.GetString(response));
    }

    /// <summary>Signs and sends one request; returns the body of a 2xx answer.</summary>
    public async Task<byte[]> SendAsync(
        HttpMethod method, string pathAndQuery, byte[]? content, string? contentType, CancellationToken cancellationToken)
    {
        var uri = new Uri(_endpoint, pathAndQuery);
        using var request = new HttpRequestMessage(method, uri);
        var signingRequest = new AWSSigningRequest { HttpMethod = method, RequestUri = uri, Content = content ?? [] };
        if (content is not null)
        {
            request.Content = new ByteArrayContent(content);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/octet-stream");
            signingRequest.Headers["Content-Type"] = request.Content.Headers.ContentType.ToString();
        }

        // Resolve fresh each time: user credentials renew behind this AWSCredentials instance.
        var immutable = await _credentials.GetCredentialsAsync();
        var parameters = new AWSSigV4Parameters
        {
            Credentials = ToFixedCredentials(immutable),
            Region = _signingRegion,
            Service = Service,
            SignPayload = true,
            SignedAt = _time.GetUtcNow().UtcDateTime,
        };
        var signed = await AWSSigV4Signer.SignAsync(signingRequest, parameters, cancellationToken);
        foreach (var header in signed.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw AwsErrorParser.Parse(Service, response.StatusCode, response.Headers, body);
        }

        return body;
    }

    private static AWSCredentials ToFixedCredentials(ImmutableCredentials credentials) =>
        credentials.UseToken
            ? new SessionAWSCredentials(credentials.AccessKey, credentials.SecretKey, credentials.Token)
            : new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey);
}
