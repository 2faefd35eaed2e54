using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PromptStack.AwsTests;

/// <summary>
/// A loopback HTTP server that answers every request from a script and records when each arrived, for SDK clients,
/// which build their own HttpClient and so cannot be handed a <see cref="StubHandler"/>.
/// </summary>
public sealed class StubAwsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, (int Status, string Body)> _respond;
    private readonly List<(long At, string Body)> _requests = [];

    public StubAwsServer(Func<string, (int Status, string Body)> respond)
    {
        _respond = respond;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        probe.Stop();
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public string Url { get; }

    /// <summary>Bodies of the requests received so far, in arrival order, with their Stopwatch timestamps.</summary>
    public List<(long At, string Body)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void Clear()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    public void Dispose() => _listener.Close();

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var at = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        lock (_requests)
        {
            _requests.Add((at, body));
        }

        var (status, answer) = _respond(body);
        var bytes = Encoding.UTF8.GetBytes(answer);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
