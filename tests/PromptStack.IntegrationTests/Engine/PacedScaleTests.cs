using System.Diagnostics;
using PromptStack.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>An AWS that throttles each service beyond 20 calls a second, and a platform paced at that rate.</summary>
public sealed class PacedCloudApp : ProxiedCloudApp
{
    public const int LimitPerSecond = 20;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Proxy.LimitPerSecond = LimitPerSecond;

        // 20 calls a second per service: services paced by operation class share it between their classes.
        Settings["AWS_PACE_S3_PER_SECOND"] = "20";
        Settings["AWS_PACE_STS_PER_SECOND"] = "20";
        Settings["AWS_PACE_DYNAMODB_CONTROL_PER_SECOND"] = "20";
        foreach (var service in new[] { "LAMBDA", "IAM", "APIGATEWAY" })
        {
            Settings[$"AWS_PACE_{service}_WRITE_PER_SECOND"] = "10";
            Settings[$"AWS_PACE_{service}_READ_PER_SECOND"] = "10";
        }
    }
}

/// <summary>
/// The acceptance figure: 200 stacks requested at once with pacing at 20 calls a second per service deploy
/// without a throttling error reaching any project, and the calls each service receives stay under the limit.
/// </summary>
public sealed class PacedScaleTests(PacedCloudApp app, ITestOutputHelper output) : IClassFixture<PacedCloudApp>
{
    private const int Stacks = 200;

    // MAX_RESOURCES_PER_USER stays at its default of 10 projects: 20 users.
    private const int PerUser = 10;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);
    private static readonly string[] ThrottlingWords = ["throttl", "rate exceeded", "slowdown", "slow down", "toomanyrequests", "reduce your request rate"];

    [Fact]
    public async Task DeployAndDestroy_TwoHundredStacksAtOncePacedAtTwentyPerService_NoThrottlingReachesAProject_RateUnderTheLimit()
    {
        var projects = await StackFleet.CreateAsync(app, "paced", Stacks, PerUser);
        var ids = projects.Select(p => p.Id).ToList();

        app.Proxy.Reset();
        var watch = Stopwatch.StartNew();
        await StackFleet.RequestAsync(projects, deploy: true);
        await StackFleet.WaitAsync(projects, "deployed", Timeout);
        var deploy = watch.Elapsed;
        var deployTraffic = app.Proxy.Traffic;
        output.WriteLine($"{Stacks} stacks requested at once, all deployed after {deploy.TotalSeconds:F0} s, {app.Proxy.Calls} AWS calls "
            + $"(limit and pacing {PacedCloudApp.LimitPerSecond}/s per service):");
        output.WriteLine(app.Proxy.Describe());

        var cloud = await CloudInventory.KindsByProjectAsync(app.Cloud, ids);
        Assert.All(cloud.Values, kinds => Assert.Equal(["dynamodb-table", "http-api", "iam-role", "lambda-function", "s3-bucket"], kinds));

        app.Proxy.Reset();
        watch.Restart();
        await StackFleet.RequestAsync(projects, deploy: false);
        await StackFleet.WaitAsync(projects, "destroyed", Timeout);
        var destroy = watch.Elapsed;
        var destroyTraffic = app.Proxy.Traffic;
        output.WriteLine($"All destroyed after {destroy.TotalSeconds:F0} s, {app.Proxy.Calls} AWS calls:");
        output.WriteLine(app.Proxy.Describe());

        Assert.All((await CloudInventory.KindsByProjectAsync(app.Cloud, ids)).Values, Assert.Empty);
        var history = await StackFleet.HistoryAsync(projects);
        Assert.DoesNotContain(history, h => ThrottlingWords.Any(w => h.Contains(w, StringComparison.OrdinalIgnoreCase)));
        foreach (var (service, traffic) in deployTraffic.Concat(destroyTraffic))
        {
            Assert.True(traffic.MaxInAnySecond() <= PacedCloudApp.LimitPerSecond, $"{service}: {traffic}; busiest second (ms): {traffic.BusiestSecond()}");
            Assert.Equal(0, traffic.RateLimited);
        }
    }
}
