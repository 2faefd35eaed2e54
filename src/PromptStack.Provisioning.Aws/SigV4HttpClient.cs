using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using PromptStack.Provisioning.Aws.Resilience;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Builds, sends and error-maps requests for the services whose SDK packages are not available to us. Signing,
/// pacing and retrying happen per attempt in the HttpClient's handlers (<see cref="AwsTransport"/>); this class
/// only says on each request how to sign and pace it. The typed clients build paths and bodies on top of this.
/// </summary>
public sealed class SigV4HttpClient
{
    private const string QueryContentType = "application/x-www-form-urlencoded; charset=utf-8";
    private readonly HttpClient _http;
    private readonly SigV4Signing _signing;
    private readonly Uri _endpoint;

    /// <param name="http">A client whose handlers include <see cref="SigV4SigningHandler"/>, as <see cref="AwsTransport"/> builds them.</param>
    /// <param name="timeProvider">Clock for the signature timestamp; fixed in tests to compare against known signatures.</param>
    public SigV4HttpClient(
        HttpClient http, AWSCredentials credentials, string service, Uri endpoint, RegionEndpoint signingRegion, TimeProvider? timeProvider = null)
    {
        _http = http;
        Service = service;
        _endpoint = endpoint;
        _signing = new SigV4Signing(credentials, service, signingRegion, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Signing name of the service ("lambda", "apigateway", "iam").</summary>
    public string Service { get; }

    /// <summary>
    /// Sends a REST-JSON request. Returns the parsed body, or an Undefined element for empty bodies
    /// (204 answers to deletes). Throws <see cref="AwsApiException"/> for non-2xx answers.
    /// </summary>
    public async Task<JsonElement> SendJsonAsync(
        HttpMethod method, string pathAndQuery, object? body, JsonSerializerOptions options, CancellationToken cancellationToken) =>
        (await SendJsonCountingAttemptsAsync(method, pathAndQuery, body, options, cancellationToken)).Body;

    /// <summary>
    /// <see cref="SendJsonAsync"/>, also saying how many times the transport sent the request: more than once means a
    /// create that AWS does not deduplicate (CreateApi) may have been carried out more than once.
    /// </summary>
    public async Task<(JsonElement Body, int Attempts)> SendJsonCountingAttemptsAsync(
        HttpMethod method, string pathAndQuery, object? body, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var content = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), options);
        var (response, attempts) = await SendAsync(
            method, pathAndQuery, content, content is null ? null : "application/json", PaceKeys.ForRest(Service, method), null, cancellationToken);
        if (response.Length == 0)
        {
            return (default, attempts);
        }

        using var doc = JsonDocument.Parse(response);
        return (doc.RootElement.Clone(), attempts);
    }

    /// <summary>
    /// Sends a Query-protocol request (form-encoded POST to "/") and returns the XML answer.
    /// Action and Version belong in <paramref name="parameters"/>.
    /// </summary>
    public async Task<XDocument> SendQueryAsync(IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        // AWS expects RFC 3986 encoding (%20, not '+'), which Uri.EscapeDataString produces.
        var form = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var action = parameters.FirstOrDefault(p => p.Key == "Action").Value ?? string.Empty;
        var (response, _) = await SendAsync(
            HttpMethod.Post, "/", Encoding.UTF8.GetBytes(form), QueryContentType, PaceKeys.ForQuery(Service, action), action, cancellationToken);
        return XDocument.Parse(Encoding.UTF8.GetString(response));
    }

    /// <summary>
    /// Sends one request through the transport's handlers (retry, pacing, signing); returns the body of a 2xx answer.
    /// Throws <see cref="AwsApiException"/> for the answer left after the transport gave up retrying.
    /// </summary>
    public async Task<byte[]> SendAsync(
        HttpMethod method, string pathAndQuery, byte[]? content, string? contentType, CancellationToken cancellationToken) =>
        (await SendAsync(method, pathAndQuery, content, contentType, PaceKeys.ForRest(Service, method), null, cancellationToken)).Body;

    private async Task<(byte[] Body, int Attempts)> SendAsync(
        HttpMethod method, string pathAndQuery, byte[]? content, string? contentType, string paceKey, string? operation,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_endpoint, pathAndQuery));
        if (content is not null)
        {
            // Bytes, not a stream: every retry attempt sends (and signs) the same body again.
            request.Content = new ByteArrayContent(content);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/octet-stream");
        }

        request.Options.Set(AwsRequestOptions.Signing, _signing);
        request.Options.Set(AwsRequestOptions.PaceKey, paceKey);
        request.Options.Set(AwsRequestOptions.Operation, operation ?? AwsOperationNames.Rest(method, request.RequestUri));
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw AwsErrorParser.Parse(Service, response.StatusCode, response.Headers, body);
        }

        // The retry handler sends this same message again; the pacing handler counts each send on it.
        return (body, request.Options.TryGetValue(AwsRequestOptions.Attempt, out var attempts) ? attempts : 1);
    }
}
