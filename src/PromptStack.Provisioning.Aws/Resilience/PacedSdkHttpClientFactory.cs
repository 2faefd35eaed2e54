using Amazon.Runtime;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>
/// Gives an AWS SDK service one shared HttpClient whose handler paces each attempt. Pacing lives below the SDK's
/// own retry (the only retry of SDK calls), so retried attempts are paced too and throttling answers penalize the bucket.
/// </summary>
public sealed class PacedSdkHttpClientFactory : HttpClientFactory, IDisposable
{
    private readonly HttpClient _client;

    /// <param name="aboveSockets">A handler put between pacing and the sockets (e.g. <see cref="EmulatorChecksumHandler"/>), if any.</param>
    public PacedSdkHttpClientFactory(AwsPacer pacer, string service, Func<HttpRequestMessage, string?> paceKeyOf, DelegatingHandler? aboveSockets = null)
    {
        HttpMessageHandler transport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (aboveSockets is not null)
        {
            aboveSockets.InnerHandler = transport;
            transport = aboveSockets;
        }

        _client = new HttpClient(new PacingHandler(pacer, service, paceKeyOf) { InnerHandler = transport })
        {
            // The SDK bounds each attempt with ClientConfig.Timeout.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client;

    // The SDK must neither cache per config nor dispose: this one client is shared by every client of the service.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public void Dispose() => _client.Dispose();
}
