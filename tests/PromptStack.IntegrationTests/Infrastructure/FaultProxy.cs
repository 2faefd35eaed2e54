using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback HTTP forwarder in front of moto that answers a fraction of calls with a fault instead: a 500, a
/// throttling error in the service's own dialect, or a dropped connection. Faulted calls never reach moto, so
/// a retry is the only way the work gets done. Counts every call it receives.
/// </summary>
public sealed partial class FaultProxy : IDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Content-Length", "Transfer-Encoding", "Expect", "Keep-Alive",
    };

    private readonly HttpListener _listener = new();
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;
    private readonly Random _random = new(20260101);
    private int _calls;
    private int _faults;

    private FaultProxy(string targetUrl, int port)
    {
        _target = new Uri(targetUrl);
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public string Url { get; }

    /// <summary>Share of calls answered with a fault, 0 to 1.</summary>
    public double FaultRate { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public int Faults => Volatile.Read(ref _faults);

    /// <summary>Every forwarded call that changes something (see <see cref="AwsCallKinds"/>), in arrival order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Writes { get; } = new();

    public static FaultProxy Start(string targetUrl)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new FaultProxy(targetUrl, port);
    }

    public void Dispose()
    {
        _listener.Close();
        _forward.Dispose();
    }

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

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _calls);
        int fault;
        lock (_random)
        {
            fault = _random.NextDouble() < FaultRate ? _random.Next(3) : -1;
        }

        try
        {
            if (fault >= 0)
            {
                Interlocked.Increment(ref _faults);
                await FaultAsync(context, fault);
                return;
            }

            await ForwardAsync(context);
        }
        catch (Exception)
        {
            context.Response.Abort();
        }
    }

    private static async Task FaultAsync(HttpListenerContext context, int fault)
    {
        if (fault == 0)
        {
            // The connection drops mid-answer: a promised body that never arrives. HttpListener cannot drop before
            // the status line (Abort alone closes gracefully and reads as an empty 200), so the status is a 502.
            context.Response.StatusCode = 502;
            context.Response.ContentLength64 = 1000;
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("<partial"));
            context.Response.Abort();
            return;
        }

        var service = ServiceOf(context.Request.Headers["Authorization"]);
        var (status, contentType, body, errorType) = fault == 1 ? ServerError(service) : Throttling(service);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        if (errorType is not null)
        {
            context.Response.AddHeader("x-amzn-ErrorType", errorType);
        }

        // AWS sends no body with errors to HEAD; writing one would corrupt the kept-alive connection.
        var bytes = context.Request.HttpMethod == "HEAD" ? [] : Encoding.UTF8.GetBytes(body);
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static (int, string, string, string?) ServerError(string service) => service is "s3" or "iam" or "sts"
        ? (500, "text/xml", "<Error><Code>InternalError</Code><Message>injected</Message></Error>", null)
        : (500, "application/json", """{"__type":"InternalFailure","message":"injected"}""", null);

    /// <summary>Each service throttles in its own words, which is what the clients must recognise.</summary>
    private static (int, string, string, string?) Throttling(string service) => service switch
    {
        "s3" => (503, "application/xml", "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>", null),
        "dynamodb" => (400, "application/x-amz-json-1.0",
            """{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}""", null),
        "iam" or "sts" => (400, "text/xml",
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>", null),
        _ => (429, "application/json", """{"message":"Rate exceeded"}""", "TooManyRequestsException"),
    };

    private static string ServiceOf(string? authorization) =>
        authorization is not null && CredentialScope().Match(authorization) is { Success: true } m ? m.Groups[1].Value : "unknown";

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var incoming = context.Request;
        using var body = new MemoryStream();
        await incoming.InputStream.CopyToAsync(body);
        if (AwsCallKinds.WriteOf(incoming.HttpMethod, incoming.RawUrl ?? "", incoming.Headers, body.ToArray()) is { } write)
        {
            Writes.Enqueue(write);
        }

        using var request = new HttpRequestMessage(new HttpMethod(incoming.HttpMethod), new Uri(_target, incoming.RawUrl));
        if (body.Length > 0 || incoming.Headers["Content-Type"] is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var name in incoming.Headers.AllKeys.OfType<string>().Where(n => !HopHeaders.Contains(n)))
        {
            var value = incoming.Headers[name];
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.Host = incoming.Headers["Host"];
        using var response = await _forward.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !HopHeaders.Contains(h.Key)))
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                outgoing.ContentType = values.First();
                continue;
            }

            outgoing.AddHeader(name, string.Join(',', values));
        }

        if (incoming.HttpMethod != "HEAD")
        {
            outgoing.ContentLength64 = bytes.Length;
            await outgoing.OutputStream.WriteAsync(bytes);
        }

        outgoing.Close();
    }

    [GeneratedRegex(@"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request")]
    private static partial Regex CredentialScope();
}
