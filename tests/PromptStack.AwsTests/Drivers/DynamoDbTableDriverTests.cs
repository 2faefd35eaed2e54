using Amazon.DynamoDBv2.Model;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Engine;

namespace PromptStack.AwsTests.Drivers;

[Collection(MotoCollection.Name)]
public sealed class DynamoDbTableDriverTests(MotoFixture fixture)
{
    private readonly DriverKit _kit = new(fixture);

    private IResourceDriver Driver => _kit.Driver(ResourceKinds.DynamoDbTable);

    [Fact]
    public async Task Lifecycle_CreateObserveAdoptDelete_BehavesIdempotently()
    {
        var context = _kit.Context("data");

        var created = await Driver.CreateAsync(context, default);
        var observed = await Driver.ObserveAsync(context, default);
        var adopted = await Driver.CreateAsync(context, default);

        Assert.NotNull(observed);
        Assert.Equal(context.PhysicalName, observed.Attribute("tableName"));
        Assert.Equal(created.Arn, observed.Attribute("arn"));
        Assert.Equal(created.Arn, adopted.Arn);
        Assert.Equal(["dynamodb-table:CreateTable"], _kit.Steps);

        using var dynamo = _kit.Factory.CreateDynamoDbClient(_kit.User);
        var table = (await dynamo.DescribeTableAsync(context.PhysicalName)).Table;
        Assert.Equal("PAY_PER_REQUEST", table.BillingModeSummary?.BillingMode?.Value);
        Assert.Equal(["pk:HASH", "sk:RANGE"], table.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        var tags = await dynamo.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = created.Arn });
        Assert.Equal(context.Tags, tags.Tags.ToDictionary(t => t.Key, t => t.Value));

        await Driver.DeleteAsync(context, default);
        Assert.Null(await Driver.ObserveAsync(context, default));
        await Driver.DeleteAsync(context, default);
        Assert.Equal(["dynamodb-table:CreateTable", "dynamodb-table:DeleteTable"], _kit.Steps);
    }

    [Fact]
    public async Task ListManaged_TaggedTables_ReturnsOnlyThisEnvironment()
    {
        var mine = _kit.Context("data");
        var other = _kit.Context("data", environment: "other");
        await Driver.CreateAsync(mine, default);
        await Driver.CreateAsync(other, default);

        var managed = await Driver.ListManagedAsync(default);

        var found = Assert.Single(managed, m => m.PhysicalId == mine.PhysicalName);
        Assert.Equal(new ManagedResource(ResourceKinds.DynamoDbTable, mine.PhysicalName, mine.PhysicalName, _kit.ProjectId, _kit.UserId,
            DateTimeOffset.Parse(mine.Tags[ResourceTags.CreatedAt], System.Globalization.CultureInfo.InvariantCulture)), found);
        Assert.DoesNotContain(managed, m => m.PhysicalId == other.PhysicalName);
    }
}
