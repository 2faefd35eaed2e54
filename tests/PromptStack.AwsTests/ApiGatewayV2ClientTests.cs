using PromptStack.Provisioning.Aws;

namespace PromptStack.AwsTests;

[Collection(MotoCollection.Name)]
public sealed class ApiGatewayV2ClientTests(MotoFixture fixture)
{
    private readonly ApiGatewayV2Client _api = fixture.Factory.CreateApiGatewayClient(MotoFixture.UserId);
    private readonly Dictionary<string, string> _tags = new() { ["UserId"] = MotoFixture.UserId, ["ManagedBy"] = "promptstack" };

    [Fact]
    public async Task CreateApi_WithTagsAndCors_GetApiReturnsThem()
    {
        var name = MotoFixture.Unique("api");
        var cors = new CorsSettings { AllowOrigins = ["https://example.com"], AllowMethods = ["GET", "POST"], AllowHeaders = ["content-type"], MaxAge = 300 };

        var created = await _api.CreateApiAsync(name, _tags, cors);
        var fetched = await _api.GetApiAsync(created.ApiId);

        Assert.NotNull(fetched);
        Assert.Equal(name, fetched.Name);
        Assert.Equal("HTTP", fetched.ProtocolType);
        Assert.Equal(_tags, fetched.Tags);
        Assert.Contains(created.ApiId, fetched.ApiEndpoint, StringComparison.Ordinal);
        Assert.NotNull(fetched.Cors);
        Assert.Equal(["https://example.com"], fetched.Cors.AllowOrigins);
        Assert.Equal(["GET", "POST"], fetched.Cors.AllowMethods);
        Assert.Equal(300, fetched.Cors.MaxAge);
    }

    [Fact]
    public async Task CreateApi_WithoutCors_HasNoCors()
    {
        var created = await _api.CreateApiAsync(MotoFixture.Unique("api"), _tags);

        Assert.Null((await _api.GetApiAsync(created.ApiId))!.Cors);
    }

    [Fact]
    public async Task GetApis_AfterCreate_ContainsApiWithTags()
    {
        var created = await _api.CreateApiAsync(MotoFixture.Unique("api"), _tags);

        var all = await _api.GetApisAsync();

        var found = Assert.Single(all, a => a.ApiId == created.ApiId);
        Assert.Equal(_tags, found.Tags);
    }

    [Fact]
    public async Task GetApi_Missing_ReturnsNull()
    {
        Assert.Null(await _api.GetApiAsync("nosuchapi"));
    }

    [Fact]
    public async Task DeleteApi_Existing_RemovesIt()
    {
        var created = await _api.CreateApiAsync(MotoFixture.Unique("api"), _tags);

        await _api.DeleteApiAsync(created.ApiId);

        Assert.Null(await _api.GetApiAsync(created.ApiId));
        Assert.DoesNotContain(await _api.GetApisAsync(), a => a.ApiId == created.ApiId);
    }

    [Fact]
    public async Task DeleteApi_Missing_Succeeds()
    {
        await _api.DeleteApiAsync("nosuchapi");
    }

    [Fact]
    public async Task CreateIntegrationRouteStage_ForFunction_WireApiToFunctionArn()
    {
        var lambda = fixture.Factory.CreateLambdaClient(MotoFixture.UserId);
        var function = await lambda.CreateFunctionAsync(new LambdaCreateFunctionRequest
        {
            FunctionName = MotoFixture.Unique("fn"),
            ZipFile = MotoFixture.Zip(),
            RoleArn = await fixture.CreateLambdaRoleAsync(),
        });
        var api = await _api.CreateApiAsync(MotoFixture.Unique("api"), _tags);

        var integration = await _api.CreateIntegrationAsync(api.ApiId, function.FunctionArn);
        var route = await _api.CreateRouteAsync(api.ApiId, integration.IntegrationId);
        var stage = await _api.CreateStageAsync(api.ApiId);

        var storedIntegration = Assert.Single(await _api.GetIntegrationsAsync(api.ApiId));
        Assert.Equal(integration.IntegrationId, storedIntegration.IntegrationId);
        Assert.Equal(function.FunctionArn, storedIntegration.IntegrationUri);
        Assert.Equal("AWS_PROXY", storedIntegration.IntegrationType);
        Assert.Equal("2.0", storedIntegration.PayloadFormatVersion);

        var storedRoute = Assert.Single(await _api.GetRoutesAsync(api.ApiId));
        Assert.Equal(route.RouteId, storedRoute.RouteId);
        Assert.Equal("$default", storedRoute.RouteKey);
        Assert.Equal($"integrations/{integration.IntegrationId}", storedRoute.Target);

        var storedStage = Assert.Single(await _api.GetStagesAsync(api.ApiId));
        Assert.Equal(stage.StageName, storedStage.StageName);
        Assert.Equal("$default", storedStage.StageName);
        Assert.True(storedStage.AutoDeploy);
    }

    [Fact]
    public async Task GetRoutes_MissingApi_ThrowsNotFound()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => _api.GetRoutesAsync("nosuchapi"));

        Assert.True(ex.IsNotFound);
        Assert.Equal("apigateway", ex.Service);
    }
}
