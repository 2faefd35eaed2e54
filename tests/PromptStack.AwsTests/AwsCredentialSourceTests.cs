using System.Text.Json;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using PromptStack.Provisioning.Aws;

namespace PromptStack.AwsTests;

[Collection(MotoCollection.Name)]
public sealed class AwsCredentialSourceTests(MotoFixture fixture) : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private AwsCredentialSource? _source;

    private AwsSettings RoleSettings() => new()
    {
        EndpointUrl = fixture.Moto.Url,
        RoleArn = "arn:aws:iam::123456789012:role/promptstack-provisioner",
        ExternalId = "promptstack-external-id",
    };

    private AwsCredentialSource Source() => _source ??= new AwsCredentialSource(RoleSettings(), _time);

    public void Dispose() => _source?.Dispose();

    [Fact]
    public async Task GetCredentials_WithRoleArn_ReturnsAssumedRoleSession()
    {
        var credentials = await Source().GetCredentialsAsync("alice");

        Assert.True(Source().UsesAssumeRole);
        Assert.StartsWith("ASIA", credentials.AccessKey, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(credentials.SecretKey));
        Assert.True(credentials.UseToken);
    }

    [Fact]
    public async Task GetCredentials_SameUserTwice_ReturnsCachedSession()
    {
        var first = await Source().GetCredentialsAsync("alice");
        _time.Advance(TimeSpan.FromMinutes(49));
        var second = await Source().GetCredentialsAsync("alice");

        Assert.Equal(first.AccessKey, second.AccessKey);
        Assert.Equal(first.Token, second.Token);
    }

    [Fact]
    public async Task GetCredentials_PastExpiryMinusTenMinutes_FetchesNewSession()
    {
        var first = await Source().GetCredentialsAsync("alice");
        _time.Advance(TimeSpan.FromMinutes(51));
        var second = await Source().GetCredentialsAsync("alice");
        var third = await Source().GetCredentialsAsync("alice");

        Assert.NotEqual(first.AccessKey, second.AccessKey);
        Assert.Equal(second.AccessKey, third.AccessKey);
    }

    [Fact]
    public async Task GetCredentials_RenewalFailsWhileSessionValid_KeepsOldSessionUntilExpiry()
    {
        var moto = await MotoServer.StartAsync();
        var settings = RoleSettings();
        settings.EndpointUrl = moto.Url;
        using var source = new AwsCredentialSource(settings, _time);
        var first = await source.GetCredentialsAsync("erin");
        await moto.DisposeAsync();

        _time.Advance(TimeSpan.FromMinutes(55));
        var stillServed = await source.GetCredentialsAsync("erin");
        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(first.AccessKey, stillServed.AccessKey);
        await Assert.ThrowsAnyAsync<Exception>(() => source.GetCredentialsAsync("erin"));
    }

    [Fact]
    public async Task GetCredentials_DifferentUsers_GetDifferentSessions()
    {
        var alice = await Source().GetCredentialsAsync("alice");
        var bob = await Source().GetCredentialsAsync("bob");

        Assert.NotEqual(alice.AccessKey, bob.AccessKey);
    }

    [Fact]
    public async Task GetCredentials_PlatformIdentity_GetsItsOwnRoleSession()
    {
        var platform = await Source().GetCredentialsAsync(AwsCredentialSource.PlatformIdentity);
        var alice = await Source().GetCredentialsAsync("alice");

        Assert.True(platform.UseToken);
        Assert.NotEqual(alice.AccessKey, platform.AccessKey);
    }

    [Fact]
    public async Task GetCredentials_ConcurrentCallsForOneUser_ShareOneSession()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Source().GetCredentialsAsync("carol")));

        Assert.Single(results.Select(r => r.AccessKey).Distinct());
    }

    [Fact]
    public async Task ForUser_UsedBySdkClient_CallsAwsAsTheUsersSession()
    {
        using var factory = new AwsClientFactory(RoleSettings(), Source());
        using var sts = factory.CreateStsClient("dave");

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/promptstack-provisioner/promptstack-dave", identity.Arn);
        Assert.Equal((await Source().GetCredentialsAsync("dave")).AccessKey, (await Source().ForUser("dave").GetCredentialsAsync()).AccessKey);
    }

    [Fact]
    public async Task GetCredentials_WithoutRoleArnAndWithEndpoint_ReturnsEmulatorCredentials()
    {
        using var source = new AwsCredentialSource(new AwsSettings { EndpointUrl = fixture.Moto.Url });

        var credentials = await source.GetCredentialsAsync("alice");

        Assert.False(source.UsesAssumeRole);
        var expected = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } key ? key : "test";
        Assert.Equal(expected, credentials.AccessKey);
        Assert.Same(source.BaseCredentials, source.ForUser("alice"));
    }

    [Fact]
    public void SessionPolicy_Build_RestrictsToUserTag()
    {
        using var doc = JsonDocument.Parse(SessionPolicy.Build("user \"x\""));
        var statements = doc.RootElement.GetProperty("Statement").EnumerateArray().ToList();

        Assert.Equal(2, statements.Count);
        Assert.Equal(
            "user \"x\"",
            statements[0].GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:ResourceTag/UserId").GetString());
        Assert.Equal(
            "user \"x\"",
            statements[1].GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:RequestTag/UserId").GetString());
        Assert.Contains(statements[1].GetProperty("Action").EnumerateArray(), a => a.GetString() == "lambda:CreateFunction");
        Assert.All(statements, s => Assert.Equal("Allow", s.GetProperty("Effect").GetString()));
    }
}
