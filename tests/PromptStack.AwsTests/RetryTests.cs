using System.Net;
using Amazon.Runtime;
using PromptStack.Provisioning.Aws;

namespace PromptStack.AwsTests;

public sealed class RetryTests
{
    private static readonly RetryOptions Fast = new() { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private static AwsApiException Throttled() => new("lambda", (HttpStatusCode)429, "TooManyRequestsException", "Rate exceeded");

    [Fact]
    public async Task ExecuteAsync_TransientThenSuccess_ReturnsResult()
    {
        var calls = 0;

        var result = await Retry.ExecuteAsync(_ => ++calls < 3 ? throw Throttled() : Task.FromResult("ok"), Fast);

        Assert.Equal("ok", result);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task ExecuteAsync_AlwaysTransient_ThrowsAfterMaxAttempts()
    {
        var calls = 0;

        await Assert.ThrowsAsync<AwsApiException>(() => Retry.ExecuteAsync(_ =>
        {
            calls++;
            throw Throttled();
        }, Fast));

        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task ExecuteAsync_NotTransient_ThrowsImmediately()
    {
        var calls = 0;

        await Assert.ThrowsAsync<AwsApiException>(() => Retry.ExecuteAsync(_ =>
        {
            calls++;
            throw new AwsApiException("iam", HttpStatusCode.NotFound, "NoSuchEntity", "gone");
        }, Fast));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ExecuteAsync_SdkThrottlingAndServerErrors_AreRetried()
    {
        var errors = new Queue<Exception>([
            new AmazonServiceException("slow down", ErrorType.Sender, "ThrottlingException", "r1", HttpStatusCode.BadRequest),
            new AmazonServiceException("boom", ErrorType.Receiver, "InternalError", "r2", HttpStatusCode.InternalServerError),
        ]);

        var result = await Retry.ExecuteAsync(_ => errors.Count > 0 ? throw errors.Dequeue() : Task.FromResult(42), Fast);

        Assert.Equal(42, result);
        Assert.False(Retry.IsTransient(new AmazonServiceException("bad", ErrorType.Sender, "ValidationException", "r3", HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task ExecuteAsync_CancelledDuringBackoff_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var slow = Fast with { BaseDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromSeconds(30), MaxAttempts = 10 };
        var calls = 0;

        var task = Retry.ExecuteAsync(_ =>
        {
            calls++;
            cts.CancelAfter(TimeSpan.FromMilliseconds(50));
            throw Throttled();
        }, slow, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(calls <= 2);
    }

    [Fact]
    public void NextDelay_GrowingAttempts_StaysWithinCappedExponentialBound()
    {
        var options = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };

        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(Retry.NextDelay(options, 1), TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
            Assert.InRange(Retry.NextDelay(options, 3), TimeSpan.Zero, TimeSpan.FromMilliseconds(400));
            Assert.InRange(Retry.NextDelay(options, 20), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
    }
}
