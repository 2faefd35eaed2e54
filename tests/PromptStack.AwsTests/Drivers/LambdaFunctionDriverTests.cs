using PromptStack.Blueprints;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Engine;

namespace PromptStack.AwsTests.Drivers;

[Collection(MotoCollection.Name)]
public sealed class LambdaFunctionDriverTests(MotoFixture fixture)
{
    private readonly DriverKit _kit = new(fixture);

    private IResourceDriver Driver => _kit.Driver(ResourceKinds.LambdaFunction);

    [Fact]
    public async Task Lifecycle_CreateObserveAdoptDelete_BehavesIdempotently()
    {
        var deps = await _kit.TableAndRoleAsync();
        _kit.Steps.Clear();
        var context = _kit.Context("api", deps);

        var created = await Driver.CreateAsync(context, default);
        var observed = await Driver.ObserveAsync(context, default);
        var adopted = await Driver.CreateAsync(context, default);

        Assert.NotNull(observed);
        Assert.Equal(context.PhysicalName, observed.Attribute("functionName"));
        Assert.Equal(created.Arn, observed.Attribute("arn"));
        Assert.Equal(created.Arn, adopted.Arn);
        Assert.Equal(["lambda-function:CreateFunction"], _kit.Steps);

        var function = await _kit.Factory.CreateLambdaClient(_kit.User).GetFunctionAsync(context.PhysicalName);
        Assert.NotNull(function);
        Assert.Equal(
            ("nodejs20.x", "index.handler", 256, 10, deps[ResourceKinds.IamRole].Arn),
            (function.Runtime, function.Handler, function.MemorySize ?? 0, function.Timeout ?? 0, function.Role));
        Assert.Equal(deps[ResourceKinds.DynamoDbTable].Attribute("tableName"), function.Environment["TABLE_NAME"]);
        Assert.Equal(LambdaFunctionDriver.PlaceholderSha256, function.CodeSha256);
        Assert.Equal(context.Tags, function.Tags);

        await Driver.DeleteAsync(context, default);
        Assert.Null(await Driver.ObserveAsync(context, default));
        await Driver.DeleteAsync(context, default);
        Assert.Equal(["lambda-function:CreateFunction", "lambda-function:DeleteFunction"], _kit.Steps);
    }

    [Fact]
    public async Task Update_TableChanged_UpdatesConfigurationKeepingOtherVariables()
    {
        var deps = await _kit.TableAndRoleAsync();
        var context = _kit.Context("api", deps);
        var created = await Driver.CreateAsync(context, default);
        var lambda = _kit.Factory.CreateLambdaClient(_kit.User);
        await lambda.UpdateFunctionConfigurationAsync(context.PhysicalName, new() { Environment = new Dictionary<string, string> { ["TABLE_NAME"] = "x", ["APP"] = "1" } });
        _kit.Steps.Clear();

        await Driver.UpdateAsync(context, created, default);
        await Driver.UpdateAsync(context, created, default);

        Assert.Equal(["lambda-function:UpdateFunctionConfiguration"], _kit.Steps);
        var function = await lambda.GetFunctionAsync(context.PhysicalName);
        Assert.Equal(
            new Dictionary<string, string> { ["TABLE_NAME"] = deps[ResourceKinds.DynamoDbTable].Attribute("tableName")!, ["APP"] = "1" },
            function!.Environment);
    }

    [Fact]
    public async Task ListManaged_TaggedFunctions_ReturnsOnlyThisEnvironment()
    {
        var deps = await _kit.TableAndRoleAsync();
        var mine = _kit.Context("api", deps);
        var other = _kit.Context("api", deps, environment: "other");
        await Driver.CreateAsync(mine, default);
        await Driver.CreateAsync(other, default);

        var managed = await Driver.ListManagedAsync(default);

        var found = Assert.Single(managed, m => m.PhysicalId == mine.PhysicalName);
        Assert.Equal((mine.PhysicalName, _kit.ProjectId, _kit.UserId), (found.Identifier, found.ProjectId, found.UserId));
        Assert.DoesNotContain(managed, m => m.PhysicalId == other.PhysicalName);
    }

    [Fact]
    public void PlaceholderZip_IsDeterministic()
    {
        Assert.Equal(LambdaFunctionDriver.PlaceholderZip(), LambdaFunctionDriver.PlaceholderZip());
        Assert.Equal(
            LambdaFunctionDriver.PlaceholderSha256,
            Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(LambdaFunctionDriver.PlaceholderZip())));
    }
}
