using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// A connection that drops after AWS did the work: the transport retries the call, and the retry meets what the
/// first attempt created. Named resources answer "already exists" and the drivers adopt them; an HTTP API has no
/// unique name, so a retried CreateApi makes a second one, which the driver then deletes.
/// </summary>
[Trait("Category", "Scale")]
[Collection(ScaleCollection.Name)]
public sealed class LostAnswerTests(FaultyCloudApp app) : IClassFixture<FaultyCloudApp>
{
    private const int Stacks = 20;

    [Fact]
    public async Task DeployAndDestroy_TenthOfAnswersLostAfterTheWork_ExactlyFiveEachThenNothingLeft()
    {
        app.Proxy.LoseAnswerRate = 0.10;
        var projects = await StackFleet.CreateAsync(app, "lost", Stacks, perUser: 1);
        var ids = projects.Select(p => p.Id).ToList();

        await StackFleet.RequestAsync(projects, deploy: true);
        await StackFleet.WaitAsync(projects, "deployed", TimeSpan.FromMinutes(5));
        var cloud = await CloudInventory.KindsByProjectAsync(app.Cloud, ids);
        Assert.All(cloud.Values, kinds => Assert.Equal(["dynamodb-table", "http-api", "iam-role", "lambda-function", "s3-bucket"], kinds));

        await StackFleet.RequestAsync(projects, deploy: false);
        await StackFleet.WaitAsync(projects, "destroyed", TimeSpan.FromMinutes(5));
        Assert.All((await CloudInventory.KindsByProjectAsync(app.Cloud, ids)).Values, Assert.Empty);
        Assert.True(app.Proxy.Traffic.Values.Sum(t => t.Count(ProxyAnswer.LostAnswer)) > 0);
    }
}
