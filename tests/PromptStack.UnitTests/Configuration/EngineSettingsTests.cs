using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PromptStack.Provisioning;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Aws.Resilience;
using PromptStack.Provisioning.Engine;
using PromptStack.Provisioning.Lifecycle;

namespace PromptStack.UnitTests.Configuration;

/// <summary>The engine's and the AWS drivers' settings as a host sees them: AddProvisioning() and AddAwsDrivers() alone.</summary>
public sealed class EngineSettingsTests
{
    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddProvisioning(builder.Configuration);
        builder.Services.AddAwsDrivers(builder.Configuration);
        return builder.Build();
    }

    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        using var host = BuildHost(settings);
        var error = await Record.ExceptionAsync(() => host.StartAsync());
        Assert.NotNull(error);
        return error is AggregateException all ? string.Join(" ", all.Flatten().InnerExceptions.Select(e => e.Message)) : error.Message;
    }

    [Fact]
    public void Settings_NoneSet_AreTheReadmeDefaults()
    {
        using var host = BuildHost([]);
        var engine = host.Services.GetRequiredService<EngineOptions>();
        var aws = host.Services.GetRequiredService<AwsSettings>();
        var drivers = host.Services.GetRequiredService<DriverSettings>();
        var retries = host.Services.GetRequiredService<RetryOptions>();
        var pacing = host.Services.GetRequiredService<AwsPacingSettings>();

        Assert.Equal(("promptstack", "local", "ps"), (engine.ManagedBy, engine.Environment, engine.NamePrefix));
        Assert.Equal(TimeSpan.FromSeconds(60), engine.LeaseDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(2000), engine.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), engine.ReaperInterval);
        Assert.Equal(TimeSpan.FromSeconds(600), engine.SweeperInterval);
        Assert.Equal(TimeSpan.FromSeconds(300), engine.OrphanGracePeriod);
        Assert.Equal(8, engine.MaxParallelProjects);
        Assert.Equal(new LifecycleLimits(60, 240), host.Services.GetRequiredService<LifecycleLimits>());
        Assert.Equal(("us-east-1", null, null), (aws.Region, aws.EndpointUrl, aws.RoleArn));
        Assert.False(drivers.PublicSiteBuckets);
        Assert.Equal((6, TimeSpan.FromMilliseconds(500)), (retries.MaxAttempts, retries.BaseDelay));
        Assert.Equal(15, pacing.PerSecond[PaceKeys.LambdaWrite]);
        Assert.Equal(TimeSpan.FromSeconds(1), pacing.ThrottlePenalty);
    }

    [Fact]
    public void Settings_Set_AreBound()
    {
        using var host = BuildHost(new()
        {
            ["PLATFORM_NAME"] = "acme", ["RECONCILER_LEASE_SECONDS"] = "30", ["SWEEPER_INTERVAL_SECONDS"] = "0",
            ["RESOURCE_TIMEOUT_MINUTES"] = "300", ["AWS_REGION"] = "eu-west-3", ["AWS_RETRY_BASE_DELAY_MS"] = "12.5",
            ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/promptstack", ["AWS_PACE_S3_PER_SECOND"] = "7.5",
            ["RECONCILER_PARALLEL_PROJECTS"] = "24",
        });

        var engine = host.Services.GetRequiredService<EngineOptions>();
        Assert.Equal(("acme", TimeSpan.FromSeconds(30), TimeSpan.Zero, 24), (engine.ManagedBy, engine.LeaseDuration, engine.SweeperInterval, engine.MaxParallelProjects));

        // A lifetime above the default maximum raises the maximum with it.
        Assert.Equal(new LifecycleLimits(300, 300), host.Services.GetRequiredService<LifecycleLimits>());
        Assert.Equal("eu-west-3", host.Services.GetRequiredService<DriverSettings>().Region);
        Assert.Equal(TimeSpan.FromMilliseconds(12.5), host.Services.GetRequiredService<RetryOptions>().BaseDelay);
        Assert.Equal(7.5, host.Services.GetRequiredService<AwsPacingSettings>().PerSecond[PaceKeys.S3]);
    }

    [Fact]
    public void Settings_Emulator_PaceOnlyWhatIsSetAndMakeSitesPublic()
    {
        using var host = BuildHost(new() { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000", ["AWS_PACE_IAM_WRITE_PER_SECOND"] = "3" });

        Assert.Equal(new Dictionary<string, double> { [PaceKeys.IamWrite] = 3 }, host.Services.GetRequiredService<AwsPacingSettings>().PerSecond);
        Assert.True(host.Services.GetRequiredService<DriverSettings>().PublicSiteBuckets);
        Assert.True(host.Services.GetRequiredService<AwsSettings>().UsesCustomEndpoint);
    }

    [Theory]
    [InlineData("RECONCILER_LEASE_SECONDS", "-5")]
    [InlineData("RECONCILER_POLL_MS", "0")]
    [InlineData("RECONCILER_PARALLEL_PROJECTS", "0")]
    [InlineData("RECONCILER_PARALLEL_PROJECTS", "1000")]
    [InlineData("REAPER_INTERVAL_SECONDS", "soon")]
    [InlineData("SWEEPER_INTERVAL_SECONDS", "-1")]
    [InlineData("ORPHAN_GRACE_SECONDS", "-300")]
    [InlineData("RESOURCE_NAME_PREFIX", "my_prefix")]
    [InlineData("PLATFORM_NAME", "promptstack!")]
    [InlineData("RESOURCE_TIMEOUT_MINUTES", "0")]
    [InlineData("MAX_RESOURCE_TIMEOUT_MINUTES", "10")]
    [InlineData("AWS_REGION", "Mars")]
    [InlineData("AWS_ENDPOINT_URL", "localhost:4566")]
    [InlineData("AWS_ROLE_ARN", "promptstack-role")]
    [InlineData("AWS_PERMISSIONS_BOUNDARY_ARN", "arn:aws:iam::123456789012:role/not-a-policy")]
    [InlineData("PUBLIC_SITE_BUCKETS", "sometimes")]
    [InlineData("AWS_RETRY_MAX_ATTEMPTS", "0")]
    [InlineData("AWS_RETRY_BASE_DELAY_MS", "60000")]
    [InlineData("AWS_PACE_S3_PER_SECOND", "fast")]
    [InlineData("AWS_PACE_LAMBDA_WRITE_PER_SECOND", "0")]
    [InlineData("AWS_PACE_THROTTLE_PENALTY_MS", "-1")]
    public async Task Start_InvalidValue_FailsNamingTheVariable(string variable, string value)
    {
        var message = await StartFailureAsync(new() { [variable] = value });

        Assert.Contains(variable, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SeveralInvalidValues_NamesEachOne()
    {
        var message = await StartFailureAsync(new()
        {
            ["RECONCILER_LEASE_SECONDS"] = "-5", ["REAPER_INTERVAL_SECONDS"] = "soon", ["AWS_ROLE_ARN"] = "promptstack-role",
            ["AWS_PACE_S3_PER_SECOND"] = "fast",
        });

        Assert.Contains("REAPER_INTERVAL_SECONDS must be a whole number, not 'soon'", message, StringComparison.Ordinal);
        Assert.Contains("RECONCILER_LEASE_SECONDS must be at least 1, not -5", message, StringComparison.Ordinal);
        Assert.Contains("AWS_ROLE_ARN must be an IAM role ARN", message, StringComparison.Ordinal);
        Assert.Contains("AWS_PACE_S3_PER_SECOND must be a number, not 'fast'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidExternalId_NamesItWithoutShowingIt()
    {
        var message = await StartFailureAsync(new()
        {
            ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/promptstack", ["AWS_EXTERNAL_ID"] = "secret with spaces",
        });

        Assert.Contains("AWS_EXTERNAL_ID", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret with spaces", message, StringComparison.Ordinal);
    }
}
