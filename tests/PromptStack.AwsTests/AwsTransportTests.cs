using System.Diagnostics;
using System.Net;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Resilience;

namespace PromptStack.AwsTests;

/// <summary>The SigV4 clients' one resilience pipeline: retry, pacing and signing per attempt, against a scripted transport.</summary>
public sealed class AwsTransportTests
{
    private static readonly RetryOptions Fast = new() { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private static SigV4HttpClient Client(HttpMessageHandler transport, AwsPacer? pacer = null, RetryOptions? retries = null) => new(
        new HttpClient(AwsTransport.CreateSigV4Handler(transport, pacer ?? new AwsPacer(new AwsPacingSettings()), retries ?? Fast)),
        new SessionAWSCredentials("AKIDEXAMPLE", "secret", "token-1"), "lambda", new Uri("https://lambda.us-east-1.amazonaws.com"),
        RegionEndpoint.USEast1, new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) });

    [Fact]
    public async Task Send_ThrottledTwiceThenOk_RetriesAndSignsEachAttemptAnew()
    {
        var dates = new List<string>();
        var handler = new StubHandler(request =>
        {
            Assert.Single(request.Headers.GetValues("Authorization"));
            dates.Add(request.Headers.GetValues("X-Amz-Date").Single());
            return dates.Count < 3
                ? StubHandler.Answer((HttpStatusCode)429, """{"message":"Rate exceeded"}""", errorType: "TooManyRequestsException")
                : StubHandler.Answer(HttpStatusCode.OK, "{}");
        });

        await Client(handler).SendJsonAsync(HttpMethod.Post, "/x", new { A = 1 }, new(), CancellationToken.None);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(3, dates.Distinct().Count());
        Assert.All(handler.Bodies, b => Assert.Equal("""{"A":1}""", b));
    }

    [Theory]
    [InlineData(400, "Throttling", "Rate exceeded", true)]
    [InlineData(503, "ServiceException", "internal", true)]
    [InlineData(500, "InternalFailure", "internal", true)]
    [InlineData(409, "ResourceConflictException", "The operation cannot be performed at this time. An update is in progress", true)]
    [InlineData(409, "ResourceConflictException", "Function already exist: f1", false)]
    [InlineData(400, "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda.", true)]
    [InlineData(400, "ValidationException", "bad", false)]
    [InlineData(404, "ResourceNotFoundException", "Function not found", false)]
    public async Task Send_ErrorAnswer_RetriedExactlyWhenTransient(int status, string code, string message, bool transient)
    {
        var handler = new StubHandler(_ => StubHandler.Answer((HttpStatusCode)status, $$"""{"__type":"{{code}}","Message":"{{message}}"}"""));

        var ex = await Assert.ThrowsAsync<AwsApiException>(() =>
            Client(handler).SendJsonAsync(HttpMethod.Post, "/x", new { A = 1 }, new(), CancellationToken.None));

        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(transient ? Fast.MaxAttempts : 1, handler.Requests.Count);
    }

    [Fact]
    public async Task Send_ConnectionDropped_RetriedThenSucceeds()
    {
        var calls = 0;
        var handler = new StubHandler(_ => ++calls == 1
            ? throw new HttpRequestException("connection reset")
            : StubHandler.Answer(HttpStatusCode.OK, """{"FunctionName":"f"}"""));

        var body = await Client(handler).SendJsonAsync(HttpMethod.Get, "/x", null, new(), CancellationToken.None);

        Assert.Equal("f", body.GetProperty("FunctionName").GetString());
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Send_Throttled_PenalizesTheClassBeforeTheRetry()
    {
        var pacing = new AwsPacingSettings { ThrottlePenalty = TimeSpan.FromMilliseconds(300) };
        pacing.PerSecond[PaceKeys.LambdaRead] = 1000;
        using var pacer = new AwsPacer(pacing);
        var times = new List<long>();
        var handler = new StubHandler(_ =>
        {
            times.Add(Stopwatch.GetTimestamp());
            return times.Count == 1
                ? StubHandler.Answer((HttpStatusCode)429, "{}", errorType: "TooManyRequestsException")
                : StubHandler.Answer(HttpStatusCode.OK, "{}");
        });

        await Client(handler, pacer).SendJsonAsync(HttpMethod.Get, "/x", null, new(), CancellationToken.None);

        Assert.InRange(Stopwatch.GetElapsedTime(times[0], times[1]), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Pacer_TwentyPerSecond_MeasuredRateStaysAtOrUnderTheLimit()
    {
        const int calls = 60;
        var pacing = new AwsPacingSettings();
        pacing.PerSecond[PaceKeys.LambdaWrite] = 20;
        using var pacer = new AwsPacer(pacing);
        var times = new List<long>();
        var handler = new StubHandler(_ =>
        {
            lock (times)
            {
                times.Add(Stopwatch.GetTimestamp());
            }

            return StubHandler.Answer(HttpStatusCode.OK, "{}");
        });
        var client = Client(handler, pacer);

        // Eight workers compete for the bucket, as concurrent stacks do.
        var work = Enumerable.Range(0, calls).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
            await client.SendJsonAsync(HttpMethod.Post, "/x", new { A = 1 }, new(), ct));

        times.Sort();
        var rate = (calls - 1) / Stopwatch.GetElapsedTime(times[0], times[^1]).TotalSeconds;
        Console.WriteLine($"Pacing: {calls} calls at a limit of 20/s measured {rate:F3} calls/s");
        Assert.Equal(calls, times.Count);
        Assert.InRange(rate, 1, 20.0);
    }

    [Fact]
    public async Task Pacer_ThreadPoolBusy_NeverLetsMoreThanTheLimitGoInAnySecond()
    {
        const int calls = 60;
        var pacing = new AwsPacingSettings();
        pacing.PerSecond[PaceKeys.S3] = 20;
        using var pacer = new AwsPacer(pacing);
        using var stop = new CancellationTokenSource();

        // Work items that keep every pool thread busy in turns, as a loaded host's continuations do: timers and
        // continuations then run late and bunched, which once made a timer-refilled token bucket burst.
        var hogs = Enumerable.Range(0, Environment.ProcessorCount * 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
                while (Stopwatch.GetTimestamp() < until)
                {
                }

                await Task.Yield();
            }
        })).ToList();
        var released = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => Task.Run(async () =>
        {
            await pacer.WaitAsync(PaceKeys.S3, CancellationToken.None);
            return Stopwatch.GetTimestamp();
        })));
        await stop.CancelAsync();
        await Task.WhenAll(hogs);

        Array.Sort(released);
        var max = 0;
        for (int first = 0, last = 0; last < released.Length; last++)
        {
            while (released[last] - released[first] >= Stopwatch.Frequency)
            {
                first++;
            }

            max = Math.Max(max, last - first + 1);
        }

        Console.WriteLine($"Pacing on a busy pool: {calls} calls at a limit of 20/s, at most {max} in any 1 s, "
            + $"{Stopwatch.GetElapsedTime(released[0], released[^1]).TotalSeconds:F2} s in all");
        Assert.InRange(max, 1, 20);
    }

    [Fact]
    public void SettingName_PaceKey_IsEnvironmentStyle()
    {
        Assert.Equal("AWS_PACE_LAMBDA_WRITE_PER_SECOND", AwsPacingSettings.SettingName(PaceKeys.LambdaWrite));
        var settings = AwsPacingSettings.From(key => key == "AWS_PACE_DYNAMODB_CONTROL_PER_SECOND" ? "3.5" : null);
        Assert.Equal(3.5, settings.PerSecond[PaceKeys.DynamoDbControl]);
        Assert.Throws<InvalidOperationException>(() => AwsPacingSettings.From(key => key == "AWS_PACE_S3_PER_SECOND" ? "0" : null));

        // Against an emulator only what is set is paced.
        var emulator = AwsPacingSettings.From(key => key == "AWS_PACE_LAMBDA_WRITE_PER_SECOND" ? "20" : null, withAwsDefaults: false);
        Assert.Equal(new Dictionary<string, double> { [PaceKeys.LambdaWrite] = 20 }, emulator.PerSecond);
    }
}
