using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Resilience;
using Xunit.Abstractions;

namespace PromptStack.AwsTests;

/// <summary>STS AssumeRole goes through the same pacer and the same single retry as every other AWS call.</summary>
public sealed class StsCredentialTests(ITestOutputHelper output)
{
    private const string Throttled =
        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>";

    private static readonly RetryOptions ThreeAttempts = new()
    {
        MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5),
    };

    private static AwsSettings RoleSettings(string url) => new()
    {
        EndpointUrl = url, RoleArn = "arn:aws:iam::123456789012:role/promptstack-provisioner", ExternalId = "x",
    };

    private static string AssumedRole(int n) => $"""
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <Credentials>
              <AccessKeyId>ASIASTUB{n:D8}</AccessKeyId>
              <SecretAccessKey>secret-{n}</SecretAccessKey>
              <SessionToken>token-{n}</SessionToken>
              <Expiration>{DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}</Expiration>
            </Credentials>
            <AssumedRoleUser>
              <AssumedRoleId>AROASTUB:promptstack-{n}</AssumedRoleId>
              <Arn>arn:aws:sts::123456789012:assumed-role/promptstack-provisioner/promptstack-{n}</Arn>
            </AssumedRoleUser>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>r-{n}</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """;

    [Fact]
    public async Task AssumeRole_StsAlwaysThrottles_TriedOnceThroughTheRetryBudget_ForSdkAndSigV4Clients()
    {
        using var sts = new StubAwsServer(_ => (400, Throttled));
        using var pacer = new AwsPacer(new AwsPacingSettings { ThrottlePenalty = TimeSpan.FromMilliseconds(10) });
        using var source = new AwsCredentialSource(RoleSettings(sts.Url), pacer: pacer, retries: ThreeAttempts);
        using var factory = new AwsClientFactory(RoleSettings(sts.Url), source, pacer, ThreeAttempts);

        using var s3 = factory.CreateS3Client("alice");
        var viaSdk = await Assert.ThrowsAnyAsync<Exception>(() => s3.ListBucketsAsync());
        var fromSdk = sts.Requests;
        sts.Clear();
        var viaSigV4 = await Assert.ThrowsAnyAsync<Exception>(() => factory.CreateLambdaClient("bob").ListFunctionsAsync());
        var fromSigV4 = sts.Requests;

        output.WriteLine($"S3 call: {fromSdk.Count} AssumeRole attempts, {viaSdk.GetType().Name}: {viaSdk.Message}");
        output.WriteLine($"Lambda call: {fromSigV4.Count} AssumeRole attempts, {viaSigV4.GetType().Name}: {viaSigV4.Message}");
        Assert.All(fromSdk.Concat(fromSigV4), r => Assert.Contains("Action=AssumeRole", r.Body, StringComparison.Ordinal));
        Assert.Equal(ThreeAttempts.MaxAttempts, fromSdk.Count);
        Assert.Equal(ThreeAttempts.MaxAttempts, fromSigV4.Count);
        Assert.IsType<AwsCredentialsException>(viaSdk);
        Assert.IsType<AwsCredentialsException>(viaSigV4);
        Assert.Contains("Rate exceeded", viaSigV4.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_FailsWhileCallsOfTheUserQueue_QueuedCallsShareTheFailedRound()
    {
        using var sts = new StubAwsServer(_ => (400, Throttled));
        using var pacer = new AwsPacer(new AwsPacingSettings { ThrottlePenalty = TimeSpan.FromMilliseconds(10) });
        using var source = new AwsCredentialSource(RoleSettings(sts.Url), pacer: pacer, retries: ThreeAttempts);

        // A stack's first calls (role, table, bucket) all need the user's session at the same moment.
        var calls = Enumerable.Range(0, 5).Select(_ => source.GetCredentialsAsync("carol")).ToList();
        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<AwsCredentialsException>(() => call);
        }

        output.WriteLine($"5 concurrent calls of one user: {sts.Requests.Count} AssumeRole attempts");
        Assert.Equal(ThreeAttempts.MaxAttempts, sts.Requests.Count);

        // A later call starts a round of its own.
        await Assert.ThrowsAsync<AwsCredentialsException>(() => source.GetCredentialsAsync("carol"));
        Assert.Equal(2 * ThreeAttempts.MaxAttempts, sts.Requests.Count);
    }

    [Fact]
    public async Task Renewal_ManyUsersAtOnce_PacedAtTheStsRate()
    {
        const int users = 20;
        const double perSecond = 10;
        var issued = 0;
        using var sts = new StubAwsServer(_ => (200, AssumedRole(Interlocked.Increment(ref issued))));
        var pacing = new AwsPacingSettings();
        pacing.PerSecond[PaceKeys.Sts] = perSecond;
        using var pacer = new AwsPacer(pacing);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var source = new AwsCredentialSource(RoleSettings(sts.Url), time, pacer: pacer, retries: ThreeAttempts);
        var ids = Enumerable.Range(0, users).Select(i => $"user-{i}").ToList();
        var first = await Task.WhenAll(ids.Select(id => source.GetCredentialsAsync(id)));

        // Every session reaches its renewal time in the same instant, as after a restart an hour ago.
        time.Advance(AwsCredentialSource.SessionDuration - AwsCredentialSource.RenewBefore + TimeSpan.FromSeconds(1));
        sts.Clear();
        var watch = Stopwatch.StartNew();
        var renewed = await Task.WhenAll(ids.Select(id => source.GetCredentialsAsync(id)));
        watch.Stop();

        var arrivals = sts.Requests.Select(r => r.At).Order().ToList();
        var span = Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]);
        var rate = (arrivals.Count - 1) / span.TotalSeconds;
        output.WriteLine($"Renewal of {users} sessions at once, STS paced at {perSecond}/s: {arrivals.Count} AssumeRole calls over "
            + $"{span.TotalSeconds:F2} s ({rate:F2}/s), all renewed after {watch.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(users, arrivals.Count);
        Assert.Equal(users, renewed.Select(c => c.AccessKey).Except(first.Select(c => c.AccessKey)).Count());

        // Arrival times carry the scheduler's jitter on a busy machine, which the pacer cannot see: 5% leeway.
        Assert.InRange(rate, 1, perSecond * 1.05);
    }
}
