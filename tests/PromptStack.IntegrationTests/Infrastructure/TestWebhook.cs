using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>A Slack-style webhook receiver on a free loopback port: records each posted <c>text</c>; can fail the first posts.</summary>
public sealed class TestWebhook : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private int failuresLeft;

    public TestWebhook(int failFirst = 0)
    {
        failuresLeft = failFirst;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        // The path stands for the secret token a real webhook address carries.
        Url = $"http://127.0.0.1:{Port}/hooks/secret-token-{Guid.NewGuid():N}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = ServeAsync();
    }

    public int Port { get; }

    public string Url { get; }

    public ConcurrentQueue<string> Texts { get; } = new();

    private int failed;

    /// <summary>Posts answered with 500 (not recorded).</summary>
    public int Failed => Volatile.Read(ref failed);

    /// <summary>Answers the next <paramref name="count"/> posts with 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresLeft, count);

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new StreamReader(context.Request.InputStream);
            var json = JsonDocument.Parse(await body.ReadToEndAsync());
            if (Interlocked.Decrement(ref failuresLeft) >= 0)
            {
                Interlocked.Increment(ref failed);
                context.Response.StatusCode = 500;
            }
            else
            {
                Texts.Enqueue(json.RootElement.GetProperty("text").GetString()!);
                context.Response.StatusCode = 200;
            }

            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
