using PromptStack.Blueprints;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Engine;

namespace PromptStack.AwsTests.Drivers;

[Collection(MotoCollection.Name)]
public sealed class HttpApiDriverTests(MotoFixture fixture)
{
    private static readonly string[] CreateSteps =
        ["http-api:CreateApi", "http-api:CreateIntegration", "http-api:CreateRoute", "http-api:CreateStage", "http-api:AddPermission"];

    private readonly DriverKit _kit = new(fixture);

    private IResourceDriver Driver => _kit.Driver(ResourceKinds.HttpApi);

    private static Dictionary<string, ResourceState> FunctionOnly(Dictionary<string, ResourceState> stack) =>
        new() { [ResourceKinds.LambdaFunction] = stack[ResourceKinds.LambdaFunction] };

    [Fact]
    public async Task Lifecycle_CreateObserveAdoptDelete_BehavesIdempotently()
    {
        var stack = await _kit.FunctionStackAsync();
        _kit.Steps.Clear();
        var context = _kit.Context("http", FunctionOnly(stack));

        var created = await Driver.CreateAsync(context, default);
        var observed = await Driver.ObserveAsync(context, default);
        var adopted = await Driver.CreateAsync(context, default);

        var apiId = created.Attribute("apiId");
        Assert.NotNull(apiId);
        Assert.NotNull(observed);
        Assert.Equal(created.Attributes, observed.Attributes);
        Assert.Equal(created.Attributes, adopted.Attributes);
        Assert.Equal($"arn:aws:apigateway:us-east-1::/apis/{apiId}", created.Attribute("arn"));
        Assert.Contains(apiId, created.Attribute("endpoint"), StringComparison.Ordinal);
        Assert.Equal(CreateSteps, _kit.Steps);
        await AssertWiredOnceAsync(context, apiId, stack[ResourceKinds.LambdaFunction].Arn!);

        var api = await _kit.Factory.CreateApiGatewayClient(_kit.User).GetApiAsync(apiId);
        Assert.Equal(context.Tags, api!.Tags);
        Assert.Equal(["*"], api.Cors!.AllowOrigins);

        await Driver.DeleteAsync(context, default);
        Assert.Null(await Driver.ObserveAsync(context, default));
        await Driver.DeleteAsync(context, default);
        Assert.Equal([.. CreateSteps, "http-api:DeleteApi"], _kit.Steps);
    }

    [Fact]
    public async Task Create_CrashAfterEachStep_RerunLeavesOneFullyWiredApi()
    {
        var stack = await _kit.FunctionStackAsync();
        foreach (var step in CreateSteps)
        {
            // No saved attributes: the crash happened before the engine could save the API id.
            var context = _kit.Context("http", FunctionOnly(stack));
            _kit.CrashAt = step;
            await Assert.ThrowsAsync<OperationCanceledException>(() => Driver.CreateAsync(context, default));

            var observed = await Driver.ObserveAsync(context, default);
            Assert.NotNull(observed);
            var state = await Driver.UpdateAsync(context, observed, default);

            await AssertWiredOnceAsync(context, state.Attribute("apiId")!, stack[ResourceKinds.LambdaFunction].Arn!);
        }
    }

    [Fact]
    public async Task Create_NeverAttempted_CreatesWithoutLookingForAnEarlierAttempt()
    {
        // GetApis cannot filter: finding an earlier attempt's API means listing every API in the account. An API planted
        // under this resource's name and tag shows that the driver did not look (it would have adopted it).
        var stack = await _kit.FunctionStackAsync();
        var context = _kit.Context("http", FunctionOnly(stack));
        var planted = await _kit.Factory.CreateApiGatewayClient(_kit.User).CreateApiAsync(context.PhysicalName, context.Tags);

        var created = await Driver.CreateAsync(context with { NeverAttempted = true }, default);

        Assert.NotEqual(planted.ApiId, created.Attribute("apiId"));
        var named = (await _kit.Factory.CreateApiGatewayClient(_kit.User).GetApisAsync()).Where(a => a.Name == context.PhysicalName);
        Assert.Equal(new[] { planted.ApiId, created.Attribute("apiId") }.Order(), named.Select(a => a.ApiId).Order());
    }

    [Fact]
    public async Task Update_CorsChangedOutside_RestoresIt()
    {
        var stack = await _kit.FunctionStackAsync();
        var context = _kit.Context("http", FunctionOnly(stack));
        var created = await Driver.CreateAsync(context, default);
        var client = _kit.Factory.CreateApiGatewayClient(_kit.User);
        await client.UpdateCorsAsync(created.Attribute("apiId")!, new CorsSettings { AllowOrigins = ["https://evil.example"], AllowMethods = ["GET"] });
        _kit.Steps.Clear();

        await Driver.UpdateAsync(context, created, default);

        Assert.Equal(["http-api:UpdateApi"], _kit.Steps);
        var api = await client.GetApiAsync(created.Attribute("apiId")!);
        Assert.Equal(["*"], api!.Cors!.AllowOrigins);
        Assert.Equal(["GET", "POST", "PUT", "DELETE", "OPTIONS"], api.Cors.AllowMethods);
    }

    [Fact]
    public async Task Delete_WithoutSavedId_FindsApiByNameAndProjectTag()
    {
        var stack = await _kit.FunctionStackAsync();
        var context = _kit.Context("http", FunctionOnly(stack));
        var created = await Driver.CreateAsync(context, default);
        var stranger = await _kit.Factory.CreateApiGatewayClient(_kit.User).CreateApiAsync(
            context.PhysicalName, new Dictionary<string, string> { [ResourceTags.ProjectId] = Guid.NewGuid().ToString() });

        await Driver.DeleteAsync(context with { Dependencies = new Dictionary<string, ResourceState>() }, default);

        var apis = await _kit.Factory.CreateApiGatewayClient(_kit.User).GetApisAsync();
        Assert.DoesNotContain(apis, a => a.ApiId == created.Attribute("apiId"));
        Assert.Contains(apis, a => a.ApiId == stranger.ApiId);
    }

    [Fact]
    public async Task ListManaged_TaggedApis_ReturnsApiIdAndOnlyThisEnvironment()
    {
        var stack = await _kit.FunctionStackAsync();
        var mine = _kit.Context("http", FunctionOnly(stack));
        var other = _kit.Context("http", FunctionOnly(stack), environment: "other");
        var created = await Driver.CreateAsync(mine, default);
        await Driver.CreateAsync(other, default);

        var managed = await Driver.ListManagedAsync(default);

        var found = Assert.Single(managed, m => m.PhysicalId == mine.PhysicalName);
        Assert.Equal((created.Attribute("apiId"), _kit.ProjectId, _kit.UserId), (found.Identifier, found.ProjectId, found.UserId));
        Assert.DoesNotContain(managed, m => m.PhysicalId == other.PhysicalName);
    }

    private async Task AssertWiredOnceAsync(ResourceContext context, string apiId, string functionArn)
    {
        var client = _kit.Factory.CreateApiGatewayClient(_kit.User);
        Assert.Single(await client.GetApisAsync(), a => a.Name == context.PhysicalName);
        var integration = Assert.Single(await client.GetIntegrationsAsync(apiId));
        Assert.Equal((functionArn, "AWS_PROXY", "2.0"), (integration.IntegrationUri, integration.IntegrationType, integration.PayloadFormatVersion));
        var route = Assert.Single(await client.GetRoutesAsync(apiId));
        Assert.Equal(("$default", $"integrations/{integration.IntegrationId}"), (route.RouteKey, route.Target));
        var stage = Assert.Single(await client.GetStagesAsync(apiId));
        Assert.Equal(("$default", true), (stage.StageName, stage.AutoDeploy));

        var functionName = functionArn[(functionArn.LastIndexOf(':') + 1)..];
        var statements = await _kit.Factory.CreateLambdaClient(_kit.User).GetPolicyStatementsAsync(functionName);
        var permission = Assert.Single(statements, s => s.Sid == HttpApiDriver.PermissionStatementId);
        Assert.Equal($"arn:aws:execute-api:us-east-1:123456789012:{apiId}/*/*", permission.SourceArn);
    }
}
