using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;

namespace PromptStack.AwsTests.Drivers;

/// <summary>
/// Observe answers "up to date" for what the drivers just made, and names each change made out of band;
/// Update then puts back exactly those changes, after which Observe is satisfied again.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class DriftObservationTests(MotoFixture fixture)
{
    private readonly DriverKit _kit = new(fixture);

    [Fact]
    public async Task Observe_FreshStack_EveryKindUpToDate()
    {
        var (contexts, _) = await StackAsync();

        foreach (var (kind, context) in contexts)
        {
            var observed = await _kit.Driver(kind).ObserveAsync(context, default);
            Assert.NotNull(observed);
            Assert.True(observed.UpToDate, $"{kind}: {string.Join("; ", observed.Differences)}");
        }
    }

    [Fact]
    public async Task ObserveUpdate_TableTagAndRolePolicyChanged_NamedThenPutBack()
    {
        var (contexts, states) = await StackAsync();
        using var dynamo = _kit.Factory.CreateDynamoDbClient(_kit.User);
        await dynamo.UntagResourceAsync(new UntagResourceRequest { ResourceArn = states[ResourceKinds.DynamoDbTable].Arn, TagKeys = [ResourceTags.ManagedBy] });
        var iam = _kit.Factory.CreateIamClient(_kit.User);
        var role = contexts[ResourceKinds.IamRole].PhysicalName;
        await iam.DeleteRolePolicyAsync(role, "promptstack-app");
        await iam.TagRoleAsync(role, new Dictionary<string, string> { [ResourceTags.CreatedAt] = "2000-01-01T00:00:00Z" });

        await AssertRepairedAsync(contexts[ResourceKinds.DynamoDbTable], ResourceKinds.DynamoDbTable, ["tags ManagedBy"], ["dynamodb-table:TagResource"]);
        await AssertRepairedAsync(contexts[ResourceKinds.IamRole], ResourceKinds.IamRole,
            ["tags CreatedAt", "inline policy missing"], ["iam-role:TagRole", "iam-role:PutRolePolicy"]);
    }

    [Fact]
    public async Task ObserveUpdate_FunctionSettingsApiPermissionAndBucketWebsiteChanged_NamedThenPutBack()
    {
        var (contexts, states) = await StackAsync();
        var lambda = _kit.Factory.CreateLambdaClient(_kit.User);
        var function = contexts[ResourceKinds.LambdaFunction].PhysicalName;
        await lambda.UpdateFunctionConfigurationAsync(function, new LambdaConfigurationUpdate { MemorySize = 1024, Timeout = 60 });
        await lambda.TagResourceAsync(states[ResourceKinds.LambdaFunction].Arn!, new Dictionary<string, string> { [ResourceTags.UserId] = "someone-else" });
        await lambda.RemovePermissionAsync(function, "promptstack-apigw");
        using var s3 = _kit.Factory.CreateS3Client(_kit.User);
        await s3.DeleteBucketWebsiteAsync(new DeleteBucketWebsiteRequest { BucketName = contexts[ResourceKinds.S3Bucket].PhysicalName });

        await AssertRepairedAsync(contexts[ResourceKinds.LambdaFunction], ResourceKinds.LambdaFunction,
            ["tags UserId", "memory size", "timeout"], ["lambda-function:TagResource", "lambda-function:UpdateFunctionConfiguration"]);
        await AssertRepairedAsync(contexts[ResourceKinds.HttpApi], ResourceKinds.HttpApi, ["invoke permission"], ["http-api:AddPermission"]);
        await AssertRepairedAsync(contexts[ResourceKinds.S3Bucket], ResourceKinds.S3Bucket, ["website configuration"], ["s3-bucket:PutBucketWebsite"]);
    }

    /// <summary>Observe names exactly <paramref name="differences"/>; Update makes exactly <paramref name="steps"/>; then all is well.</summary>
    private async Task AssertRepairedAsync(ResourceContext context, string kind, string[] differences, string[] steps)
    {
        var driver = _kit.Driver(kind);
        var observed = await driver.ObserveAsync(context, default);
        Assert.NotNull(observed);
        Assert.Equal(differences, observed.Differences);

        _kit.Steps.Clear();
        await driver.UpdateAsync(context, observed, default);
        Assert.Equal(steps, _kit.Steps);
        var after = await driver.ObserveAsync(context, default);
        Assert.True(after!.UpToDate, $"{kind} after Update: {string.Join("; ", after.Differences)}");
    }

    /// <summary>All five kinds, created in dependency order as the engine creates them, with each one's context.</summary>
    private async Task<(Dictionary<string, ResourceContext> Contexts, Dictionary<string, ResourceState> States)> StackAsync()
    {
        var contexts = new Dictionary<string, ResourceContext>();
        var states = new Dictionary<string, ResourceState>();
        async Task CreateAsync(string kind, string name, params string[] dependsOn)
        {
            contexts[kind] = _kit.Context(name, dependsOn.ToDictionary(d => d, d => states[d]));
            states[kind] = await _kit.Driver(kind).CreateAsync(contexts[kind], default);
        }

        await CreateAsync(ResourceKinds.DynamoDbTable, "data");
        await CreateAsync(ResourceKinds.IamRole, "role", ResourceKinds.DynamoDbTable);
        await CreateAsync(ResourceKinds.LambdaFunction, "api", ResourceKinds.IamRole, ResourceKinds.DynamoDbTable);
        await CreateAsync(ResourceKinds.S3Bucket, "site");
        await CreateAsync(ResourceKinds.HttpApi, "http", ResourceKinds.LambdaFunction);
        return (contexts, states);
    }
}
