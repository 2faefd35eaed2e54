using Amazon.S3.Model;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Engine;

namespace PromptStack.AwsTests.Drivers;

[Collection(MotoCollection.Name)]
public sealed class AwsApplicationDeployerTests(MotoFixture fixture)
{
    private readonly DriverKit _kit = new(fixture);
    private readonly List<string> _log = [];

    private ApplicationContext Context(IReadOnlyDictionary<string, ResourceState> resources) => new()
    {
        ProjectId = _kit.ProjectId,
        UserId = _kit.UserId,
        BlueprintJson = "{}",
        Version = 1,
        Resources = resources,
        LogAsync = message =>
        {
            _log.Add(message);
            return Task.CompletedTask;
        },
        AfterChangeAsync = step =>
        {
            _kit.Steps.Add(step);
            return Task.CompletedTask;
        },
    };

    [Fact]
    public async Task Purge_DeployedApp_EmptiesBucketAndResetsFunctionCode()
    {
        var resources = await _kit.FunctionStackAsync();
        var bucket = await _kit.Driver(ResourceKinds.S3Bucket).CreateAsync(_kit.Context("site"), default);
        resources[ResourceKinds.S3Bucket] = bucket;
        var bucketName = bucket.Attribute("bucketName")!;
        var functionName = resources[ResourceKinds.LambdaFunction].Attribute("functionName")!;
        using var s3 = _kit.Factory.CreateS3Client(_kit.User);
        foreach (var key in new[] { "index.html", "assets/app.js", "error.html" })
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucketName, Key = key, ContentBody = key });
        }

        var lambda = _kit.Factory.CreateLambdaClient(_kit.User);
        var deployed = await lambda.UpdateFunctionCodeAsync(functionName, MotoFixture.Zip());
        Assert.NotEqual(LambdaFunctionDriver.PlaceholderSha256, deployed.CodeSha256);
        _kit.Steps.Clear();
        var deployer = new AwsApplicationDeployer(_kit.Factory, _kit.Settings);

        await deployer.PurgeAsync(Context(resources), default);

        Assert.Empty((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucketName })).S3Objects ?? []);
        Assert.Equal(LambdaFunctionDriver.PlaceholderSha256, (await lambda.GetFunctionAsync(functionName))!.CodeSha256);
        Assert.Equal(["purge:DeleteObjects", "purge:UpdateFunctionCode"], _kit.Steps);
        Assert.Contains(_log, m => m.Contains(bucketName, StringComparison.Ordinal));
        Assert.Contains(_log, m => m.Contains(functionName, StringComparison.Ordinal));

        _kit.Steps.Clear();
        await deployer.PurgeAsync(Context(resources), default);
        Assert.Empty(_kit.Steps);
    }

    [Fact]
    public async Task Deploy_UploadsExactlyTheFilesAndCode_AndRedeployRemovesStaleFiles()
    {
        var resources = await _kit.FunctionStackAsync();
        resources[ResourceKinds.S3Bucket] = await _kit.Driver(ResourceKinds.S3Bucket).CreateAsync(_kit.Context("site"), default);
        resources[ResourceKinds.HttpApi] = new ResourceState("api", null, new Dictionary<string, string> { ["endpoint"] = "https://abc.execute-api.example" });
        var bucketName = resources[ResourceKinds.S3Bucket].Attribute("bucketName")!;
        var functionName = resources[ResourceKinds.LambdaFunction].Attribute("functionName")!;
        var deployer = new AwsApplicationDeployer(_kit.Factory, _kit.Settings);
        GeneratedFile[] version1 =
        [
            new("index.html", "text/html", "<html>v1</html>"),
            new("styles.css", "text/css", "body{}"),
            new("old.js", "application/javascript", "1"),
        ];

        await deployer.DeployAsync(Context(resources) with { BlueprintJson = BlueprintJson(version1, "export const handler = async () => ({ statusCode: 200 });") }, default);

        using var s3 = _kit.Factory.CreateS3Client(_kit.User);
        Assert.Equal(["config.js", "index.html", "old.js", "styles.css"], await KeysAsync(s3, bucketName));
        var html = await s3.GetObjectMetadataAsync(bucketName, "index.html");
        Assert.Equal("text/html", html.Headers.ContentType);
        var config = await new StreamReader((await s3.GetObjectAsync(bucketName, "config.js")).ResponseStream).ReadToEndAsync();
        Assert.Contains("\"apiUrl\":\"https://abc.execute-api.example\"", config, StringComparison.Ordinal);
        var lambda = _kit.Factory.CreateLambdaClient(_kit.User);
        var code1 = (await lambda.GetFunctionAsync(functionName))!.CodeSha256;
        Assert.NotEqual(LambdaFunctionDriver.PlaceholderSha256, code1);

        GeneratedFile[] version2 = [new("index.html", "text/html", "<html>v2</html>")];
        await deployer.DeployAsync(Context(resources) with { Version = 2, BlueprintJson = BlueprintJson(version2, "export const handler = async () => ({ statusCode: 201 });") }, default);

        Assert.Equal(["config.js", "index.html"], await KeysAsync(s3, bucketName));
        Assert.NotEqual(code1, (await lambda.GetFunctionAsync(functionName))!.CodeSha256);
        Assert.Contains("deploy:DeleteObjects", _kit.Steps);
    }

    [Fact]
    public async Task Deploy_FileWithTraversalPath_IsRefused()
    {
        var resources = new Dictionary<string, ResourceState>
        {
            [ResourceKinds.S3Bucket] = new("site", null, new Dictionary<string, string> { ["bucketName"] = "never-used" }),
        };
        var deployer = new AwsApplicationDeployer(_kit.Factory, _kit.Settings);

        await Assert.ThrowsAsync<InvalidOperationException>(() => deployer.DeployAsync(
            Context(resources) with { BlueprintJson = BlueprintJson([new("../escape.html", "text/html", "x")], null) }, default));
    }

    private static string BlueprintJson(GeneratedFile[] files, string? handler) => System.Text.Json.JsonSerializer.Serialize(new Blueprint
    {
        Template = "test", Title = "t", Summary = "s", Resources = DefaultBlueprintGenerator.FullStack,
        Usage = UsageProfile.ForMonthlyRequests(1), Files = files, HandlerCode = handler,
    });

    private static async Task<List<string>> KeysAsync(Amazon.S3.AmazonS3Client s3, string bucket) =>
        ((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []).Select(o => o.Key).Order().ToList();

    [Fact]
    public void AwsDrivers_Create_ReturnsOneDriverPerKind()
    {
        var drivers = AwsDrivers.Create(_kit.Factory, _kit.Engine, _kit.Settings);

        Assert.Equal(ResourceKinds.All.Order(), drivers.Select(d => d.Kind).Order());
    }
}
