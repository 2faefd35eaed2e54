using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromptStack.Provisioning.Aws.Resilience;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback forwarder (Kestrel) in front of moto that plays a misbehaving AWS. It answers a share of calls with a
/// fault: a 500, a throttling error in the service's own dialect, or a dropped connection (closed before any answer,
/// or cut in the middle of one); faulted calls never reach moto, so a retry is the only way the work gets done.
/// It can also enforce AWS-style rate limits, answering throttling once a service's calls exceed
/// <see cref="LimitPerSecond"/> (a token bucket holding one second's worth). Every call is counted per service, with its arrival time.
/// </summary>
public sealed partial class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Content-Length", "Transfer-Encoding", "Expect", "Keep-Alive", "Date", "Server",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;
    private readonly Random _random = new(20260101);
    private readonly ConcurrentDictionary<string, ServiceTraffic> _traffic = new(StringComparer.Ordinal);

    private FaultProxy(WebApplication app, string targetUrl)
    {
        _app = app;
        _target = new Uri(targetUrl);
    }

    public string Url { get; private set; } = "";

    /// <summary>Share of calls answered with a fault, 0 to 1.</summary>
    public double FaultRate { get; set; }

    /// <summary>
    /// Share of the calls not faulted that moto carries out but whose answer is lost: the connection drops after the
    /// work was done, and only a retry can find out, by meeting what the first attempt created.
    /// </summary>
    public double LoseAnswerRate { get; set; }

    /// <summary>Calls per service admitted in any one-second window before the rest are throttled; null for no limit.</summary>
    public int? LimitPerSecond { get; set; }

    /// <summary>Traffic per service (signing name: s3, dynamodb, sts, iam, lambda, apigateway) since the last <see cref="Reset"/>.</summary>
    public IReadOnlyDictionary<string, ServiceTraffic> Traffic => _traffic.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    public int Calls => _traffic.Values.Sum(t => t.Calls);

    /// <summary>Every call that changes something (see <see cref="AwsCallKinds"/>), in arrival order, faulted or not.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Writes { get; } = new();

    public int Faults => _traffic.Values.Sum(t => t.Faults);

    public static async Task<FaultProxy> StartAsync(string targetUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = null;
        });
        builder.Logging.ClearProviders();

        // Requests are handled on the socket's own thread, not queued to a busy thread pool first, so the arrival
        // times that rate limits count are those of the connection, as AWS would see them.
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        var app = builder.Build();
        var proxy = new FaultProxy(app, targetUrl);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return proxy;
    }

    /// <summary>Forgets all counts, starting a new measurement.</summary>
    public void Reset() => _traffic.Clear();

    /// <summary>One line per service: calls, faults by kind, rate-limit answers and the busiest second.</summary>
    public string Describe() => string.Join(Environment.NewLine, _traffic.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"  {t.Key,-10} {t.Value}"));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        var service = ServiceOf(context.Request.Headers.Authorization.ToString());
        var traffic = _traffic.GetOrAdd(service, _ => new ServiceTraffic());
        bool faulted, lose;
        lock (_random)
        {
            faulted = _random.NextDouble() < FaultRate;
            lose = _random.NextDouble() < LoseAnswerRate;
        }

        // The whole request is read first, so every fault happens where an answer is awaited.
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = new System.Collections.Specialized.NameValueCollection
        {
            ["X-Amz-Target"] = context.Request.Headers["X-Amz-Target"].FirstOrDefault(),
            ["Content-Type"] = context.Request.ContentType,
        };
        if (AwsCallKinds.WriteOf(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray()) is { } write)
        {
            Writes.Enqueue(write);
        }

        var answer = traffic.Arrive(arrived, PaceClassOf(service, context.Request, body.ToArray()), faulted, LimitPerSecond, lose);
        switch (answer)
        {
            case ProxyAnswer.Forward:
                await ForwardAsync(context, body.ToArray());
                break;
            case ProxyAnswer.LostAnswer:
                await ForwardAsync(context, body.ToArray(), loseAnswer: true);
                break;
            case ProxyAnswer.ServerError:
                await ErrorAsync(context, ServerError(service));
                break;
            case ProxyAnswer.Throttle or ProxyAnswer.RateLimited:
                await ErrorAsync(context, Throttling(service));
                break;
            case ProxyAnswer.DropBeforeAnswer:
                context.Abort();
                break;
            case ProxyAnswer.DropMidAnswer when context.Request.Method != "HEAD":
                // An answer that never finishes: the promised body stops after a few bytes. Its status is an error,
                // because the call never reached moto: a 200 would claim work that was not done, and an SDK that
                // reads no body for an operation (CreateBucket) would rightly take it for success.
                context.Response.StatusCode = 502;
                context.Response.ContentType = "application/xml";
                context.Response.ContentLength = 1000;
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<partial"));
                await context.Response.Body.FlushAsync();
                context.Abort();
                break;
            default:
                context.Abort();
                break;
        }
    }

    private static async Task ErrorAsync(HttpContext context, (int Status, string ContentType, string Body, string? ErrorType) error)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = error.ContentType;
        if (error.ErrorType is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = error.ErrorType;
        }

        // AWS sends no body with errors to HEAD.
        var bytes = context.Request.Method == "HEAD" ? [] : Encoding.UTF8.GetBytes(error.Body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
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

    /// <summary>The pacer's operation class of a call, worked out the way the platform's clients do.</summary>
    private static string PaceClassOf(string service, HttpRequest request, byte[] body) => service switch
    {
        "lambda" or "apigateway" => PaceKeys.ForRest(service, new HttpMethod(request.Method)),
        "iam" => PaceKeys.ForQuery(service, HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body))["Action"] ?? ""),
        "dynamodb" => PaceKeys.ForDynamoDb(new HttpRequestMessage { Headers = { { "X-Amz-Target", request.Headers["X-Amz-Target"].ToString() } } }),
        _ => service,
    };

    private static string ServiceOf(string? authorization) =>
        authorization is not null && CredentialScope().Match(authorization) is { Success: true } m ? m.Groups[1].Value : "unknown";

    private async Task ForwardAsync(HttpContext context, byte[] body, bool loseAnswer = false)
    {
        var incoming = context.Request;

        // The raw target keeps the path and query exactly as signed.
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(_target, target));
        if (body.Length > 0 || incoming.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in incoming.Headers.Where(h => !HopHeaders.Contains(h.Key)))
        {
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
            }
        }

        request.Headers.Host = incoming.Headers.Host.ToString();
        using var response = await _forward.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (loseAnswer)
        {
            context.Abort();
            return;
        }

        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !HopHeaders.Contains(h.Key)))
        {
            outgoing.Headers[name] = values.ToArray();
        }

        if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified)
        {
            return;
        }

        if (incoming.Method == "HEAD")
        {
            outgoing.ContentLength = response.Content.Headers.ContentLength;
            return;
        }

        outgoing.ContentLength = bytes.Length;
        await outgoing.Body.WriteAsync(bytes);
    }

    [GeneratedRegex(@"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request")]
    private static partial Regex CredentialScope();
}
