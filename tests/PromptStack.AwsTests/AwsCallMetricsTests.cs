using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Resilience;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.AwsTests;

/// <summary>What the pacing handler records for each attempt of an AWS call, and how it names operations.</summary>
public sealed class AwsCallMetricsTests : IDisposable
{
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> measured = new();
    private readonly MeterListener listener = new();

    public AwsCallMetricsTests()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PlatformTelemetry.Name && instrument.Name.StartsWith("promptstack.aws.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measured.Enqueue((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measured.Enqueue((i.Name, v, Tags(tags))));
        listener.Start();
    }

    [Fact]
    public async Task SigV4Call_ThrottledTwiceThenOk_RecordsThreeAttemptsTwoThrottlesAndTwoRetries()
    {
        // A path of its own: other tests' calls land in the same process-wide instruments.
        var unique = "probe" + Guid.NewGuid().ToString("N");
        var answers = 0;
        var handler = new StubHandler(_ => ++answers < 3
            ? StubHandler.Answer((HttpStatusCode)429, """{"message":"Rate exceeded"}""", errorType: "TooManyRequestsException")
            : StubHandler.Answer(HttpStatusCode.OK, "{}"));
        var retries = new RetryOptions { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        var client = new SigV4HttpClient(
            new HttpClient(AwsTransport.CreateSigV4Handler(handler, new AwsPacer(new AwsPacingSettings()), retries)),
            new SessionAWSCredentials("AKIDEXAMPLE", "secret", "token-1"), "lambda", new Uri("https://lambda.us-east-1.amazonaws.com"),
            RegionEndpoint.USEast1, new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) });

        await client.SendJsonAsync(HttpMethod.Post, $"/2015-03-31/{unique}", new { A = 1 }, new(), CancellationToken.None);

        var mine = measured.Where(m => (string?)m.Tags["operation"] == $"POST /{unique}" && (string?)m.Tags["service"] == "lambda").ToList();
        Assert.Equal(["throttled", "throttled", "success"], mine.Where(m => m.Instrument == "promptstack.aws.call.duration").Select(m => (string)m.Tags["outcome"]!));
        Assert.Equal(2, mine.Where(m => m.Instrument == "promptstack.aws.throttles").Sum(m => m.Value));
        Assert.Equal(2, mine.Where(m => m.Instrument == "promptstack.aws.retries").Sum(m => m.Value));
    }

    [Theory]
    [InlineData("PUT", "http://127.0.0.1:5000/ps-bucket", "CreateBucket")]
    [InlineData("PUT", "http://127.0.0.1:5000/ps-bucket?tagging", "PutBucketTagging")]
    [InlineData("GET", "http://127.0.0.1:5000/ps-bucket?public-access-block", "GetBucketPublicAccessBlock")]
    [InlineData("POST", "http://127.0.0.1:5000/ps-bucket?delete", "DeleteObjects")]
    [InlineData("GET", "http://127.0.0.1:5000/ps-bucket?list-type=2&prefix=a", "ListObjects")]
    [InlineData("PUT", "http://127.0.0.1:5000/ps-bucket/index.html", "PutObject")]
    [InlineData("GET", "http://127.0.0.1:5000/", "ListBuckets")]
    [InlineData("PUT", "https://ps-bucket.s3.us-east-1.amazonaws.com/index.html", "PutObject")]
    [InlineData("GET", "https://ps-bucket.s3.us-east-1.amazonaws.com/?website", "GetBucketWebsite")]
    [InlineData("GET", "https://s3.us-east-1.amazonaws.com/", "ListBuckets")]
    public void S3_Request_NamedAfterTheOperation(string method, string url, string expected) =>
        Assert.Equal(expected, AwsOperationNames.S3(new HttpRequestMessage(new HttpMethod(method), url)));

    [Theory]
    [InlineData("GET", "/2015-03-31/functions/ps-abc-fn/configuration", "GET /functions/{id}/configuration")]
    [InlineData("DELETE", "/2015-03-31/functions/ps-abc-fn/policy/sid-1", "DELETE /functions/{id}/policy/{id}")]
    [InlineData("GET", "/2015-03-31/functions/?Marker=x", "GET /functions")]
    [InlineData("POST", "/v2/apis/a1b2c3/routes", "POST /apis/{id}/routes")]
    [InlineData("POST", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Aps-abc-fn", "POST /tags/{id}")]
    public void Rest_Path_IdentifiersBecomePlaceholders(string method, string path, string expected) =>
        Assert.Equal(expected, AwsOperationNames.Rest(new HttpMethod(method), new Uri(new Uri("https://lambda.us-east-1.amazonaws.com"), path)));

    [Fact]
    public async Task Query_FormBody_NamedAfterItsActionAndStillSent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://sts.amazonaws.com/")
        {
            Content = new StreamContent(new MemoryStream("Action=AssumeRole&Version=2011-06-15"u8.ToArray())),
        };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");

        Assert.Equal("AssumeRole", await AwsOperationNames.OfAsync(request, "sts", CancellationToken.None));
        Assert.Equal("Action=AssumeRole&Version=2011-06-15", await request.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JsonProtocol_Target_NamedAfterItsOperation()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://dynamodb.us-east-1.amazonaws.com/");
        request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.DescribeTable");

        Assert.Equal("DescribeTable", await AwsOperationNames.OfAsync(request, "dynamodb", CancellationToken.None));
    }

    public void Dispose() => listener.Dispose();

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in tags)
        {
            result[key] = value;
        }

        return result;
    }
}
