using PromptStack.Blueprints;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>
/// An HTTP API sending every request to the app's function. API ids are assigned by AWS and names are not
/// unique, so the API is found by its saved id or by name plus ProjectId tag, and every piece of wiring
/// (integration, route, stage, invoke permission) is added only when missing: a run interrupted between
/// any two steps resumes without duplicating anything.
/// </summary>
public sealed class HttpApiDriver(AwsClientFactory factory, EngineOptions engine, DriverSettings settings) : IResourceDriver
{
    public const string PermissionStatementId = "promptstack-apigw";
    public const string ApiIdAttribute = "apiId";

    /// <summary>Any page may call the app's API: the site is on another origin (S3 website or the preview).</summary>
    public static readonly CorsSettings Cors = new()
    {
        AllowOrigins = ["*"],
        AllowMethods = ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        AllowHeaders = ["content-type"],
    };

    public string Kind => ResourceKinds.HttpApi;

    public async Task<ResourceState?> ObserveAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var api = await FindAsync(context, cancellationToken);
        return api is null ? null : State(api) with { Differences = await CheckAsync(context, api, repair: false, cancellationToken) };
    }

    public async Task<ResourceState> CreateAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        // Unlike named resources, a second CreateApi would silently make a duplicate: look first.
        var api = await FindAsync(context, cancellationToken);
        if (api is null)
        {
            var client = factory.CreateApiGatewayClient(context.UserId.ToString());
            api = await client.CreateApiAsync(context.PhysicalName, context.Tags, Cors, cancellationToken);
            await context.AfterChangeAsync("http-api:CreateApi");

            // Only a create sent more than once (an answer lost after the work, then retried) can have made another.
            if (api.CreateAttempts > 1)
            {
                await DeleteDuplicatesAsync(context, api.ApiId, cancellationToken);
            }

            await CheckAsync(context, api, repair: true, cancellationToken, justCreated: true);
            return State(api);
        }

        return await UpdateAsync(context, State(api), cancellationToken);
    }

    public async Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState observed, CancellationToken cancellationToken)
    {
        var client = factory.CreateApiGatewayClient(context.UserId.ToString());
        var apiId = observed.Attribute(ApiIdAttribute)
            ?? throw new InvalidOperationException($"HTTP API {context.PhysicalName} was observed without its id.");
        var api = await client.GetApiAsync(apiId, cancellationToken)
            ?? throw new InvalidOperationException($"HTTP API {context.PhysicalName} ({apiId}) no longer exists.");
        await CheckAsync(context, api, repair: true, cancellationToken);
        return State(api);
    }

    /// <summary>
    /// Lists what differs from the desired API and its wiring (Observe), and with <paramref name="repair"/> also
    /// puts each piece right (Update), each only when missing or wrong: one place for every rule, so Observe
    /// calls up to date exactly what Update leaves alone. An API <paramref name="justCreated"/> by this call (as its
    /// create answered it) has no integration, route or stage yet, so they are not looked for.
    /// </summary>
    private async Task<List<string>> CheckAsync(
        ResourceContext context, HttpApiInfo api, bool repair, CancellationToken cancellationToken, bool justCreated = false)
    {
        var client = factory.CreateApiGatewayClient(context.UserId.ToString());
        var apiId = api.ApiId;
        var differences = new List<string>();
        if (!SameCors(api.Cors))
        {
            differences.Add("CORS configuration");
            if (repair)
            {
                await client.UpdateCorsAsync(apiId, Cors, cancellationToken);
                await context.AfterChangeAsync("http-api:UpdateApi");
            }
        }

        if (ResourceTags.Describe(context.Tags, api.Tags) is { } tagDifference)
        {
            differences.Add(tagDifference);
            if (repair)
            {
                await client.TagResourceAsync(Arn(apiId), context.Tags, cancellationToken);
                await context.AfterChangeAsync("http-api:TagResource");
            }
        }

        var function = context.Dependency(ResourceKinds.LambdaFunction);
        var functionArn = function.Arn ?? function.Attribute("arn")
            ?? throw new InvalidOperationException($"{context.LogicalName} needs the function's ARN.");

        var integrations = justCreated ? [] : await client.GetIntegrationsAsync(apiId, cancellationToken);
        var integration = integrations.FirstOrDefault(i => i.IntegrationUri == functionArn);
        if (integration is null)
        {
            differences.Add("Lambda integration");
            if (repair)
            {
                integration = await client.CreateIntegrationAsync(apiId, functionArn, cancellationToken);
                await context.AfterChangeAsync("http-api:CreateIntegration");
            }
        }

        var routes = justCreated ? [] : await client.GetRoutesAsync(apiId, cancellationToken);
        var route = routes.FirstOrDefault(r => r.RouteKey == "$default");
        if (route is null || integration is null || route.Target != Target(integration))
        {
            differences.Add(route is null ? "$default route" : "$default route target");
            if (repair && integration is not null)
            {
                if (route is null)
                {
                    await client.CreateRouteAsync(apiId, integration.IntegrationId, cancellationToken: cancellationToken);
                    await context.AfterChangeAsync("http-api:CreateRoute");
                }
                else
                {
                    await client.UpdateRouteTargetAsync(apiId, route.RouteId, integration.IntegrationId, cancellationToken);
                    await context.AfterChangeAsync("http-api:UpdateRoute");
                }
            }
        }

        var stages = justCreated ? [] : await client.GetStagesAsync(apiId, cancellationToken);
        if (!stages.Any(s => s.StageName == "$default"))
        {
            differences.Add("$default stage");
            if (repair)
            {
                await client.CreateStageAsync(apiId, cancellationToken: cancellationToken);
                await context.AfterChangeAsync("http-api:CreateStage");
            }
        }

        if (!await CheckInvokePermissionAsync(context, function, functionArn, apiId, repair, cancellationToken))
        {
            differences.Add("invoke permission");
        }

        return differences;
    }

    public async Task DeleteAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var client = factory.CreateApiGatewayClient(context.UserId.ToString());

        // A saved id names exactly one API (the orphan sweeper relies on that to delete only a duplicate);
        // without one, every API of this project under the name goes, including duplicates.
        IEnumerable<string> ids = context.SavedAttributes.TryGetValue(ApiIdAttribute, out var saved)
            ? [saved]
            : (await ListProjectApisAsync(context, cancellationToken)).Select(a => a.ApiId);
        foreach (var id in ids)
        {
            if (await client.DeleteApiAsync(id, cancellationToken))
            {
                await context.AfterChangeAsync("http-api:DeleteApi");
            }
        }
    }

    /// <summary>
    /// CreateApi is not idempotent: when its answer is lost after API Gateway made the API, the transport's retry
    /// makes a second one. Every other API of this project under the name goes, so the stack has exactly one.
    /// </summary>
    private async Task DeleteDuplicatesAsync(ResourceContext context, string keptApiId, CancellationToken cancellationToken)
    {
        var client = factory.CreateApiGatewayClient(context.UserId.ToString());
        foreach (var duplicate in (await ListProjectApisAsync(context, cancellationToken)).Where(a => a.ApiId != keptApiId))
        {
            await client.DeleteApiAsync(duplicate.ApiId, cancellationToken);
        }
    }

    /// <summary>Lists with the platform identity: GetApis has no resource a user-scoped session could match.</summary>
    public async Task<IReadOnlyList<ManagedResource>> ListManagedAsync(CancellationToken cancellationToken)
    {
        var client = factory.CreateApiGatewayClient(AwsCredentialSource.PlatformIdentity);
        var apis = await client.GetApisAsync(cancellationToken);
        return apis.Select(a => ManagedTags.Describe(Kind, a.Name, a.ApiId, a.Tags, engine)).OfType<ManagedResource>().ToList();
    }

    /// <summary>
    /// The saved id when it still names this API, else (unless no run has begun creating it) the oldest-listed API with
    /// this name and ProjectId tag.
    /// </summary>
    private async Task<HttpApiInfo?> FindAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (context.SavedAttributes.TryGetValue(ApiIdAttribute, out var saved))
        {
            var client = factory.CreateApiGatewayClient(context.UserId.ToString());
            var api = await client.GetApiAsync(saved, cancellationToken);
            if (api is not null && api.Name == context.PhysicalName)
            {
                return api;
            }
        }

        // Finding an API without its id means listing every API in the account (GetApis has no filter), which grows
        // with every tenant's stacks; a resource no run has begun creating has nothing to find.
        if (context.NeverAttempted)
        {
            return null;
        }

        var matches = await ListProjectApisAsync(context, cancellationToken);
        return matches.Count > 0 ? matches[0] : null;
    }

    /// <summary>
    /// Listing uses the platform identity, because a user-scoped session cannot list (there is no tagged
    /// resource to match); the ProjectId tag keeps the match to this project's own APIs.
    /// </summary>
    private async Task<IReadOnlyList<HttpApiInfo>> ListProjectApisAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var client = factory.CreateApiGatewayClient(AwsCredentialSource.PlatformIdentity);
        var apis = await client.GetApisAsync(cancellationToken);
        var projectId = context.ProjectId.ToString();
        return apis.Where(a => a.Name == context.PhysicalName && a.Tags.GetValueOrDefault(ResourceTags.ProjectId) == projectId).ToList();
    }

    /// <summary>
    /// API Gateway needs the function's permission to invoke it. The statement is added when missing and
    /// replaced when it names another API (the API was recreated and got a new id). True when it was right.
    /// </summary>
    private async Task<bool> CheckInvokePermissionAsync(
        ResourceContext context, ResourceState function, string functionArn, string apiId, bool repair, CancellationToken cancellationToken)
    {
        var lambda = factory.CreateLambdaClient(context.UserId.ToString());
        var functionName = function.Attribute("functionName") ?? function.PhysicalId;

        // arn:<partition>:lambda:<region>:<account>:function:<name> - the source ARN lives in the same account.
        var parts = functionArn.Split(':');
        var sourceArn = $"arn:{parts[1]}:execute-api:{parts[3]}:{parts[4]}:{apiId}/*/*";
        var statements = await lambda.GetPolicyStatementsAsync(functionName, cancellationToken);
        var existing = statements.FirstOrDefault(s => s.Sid == PermissionStatementId);
        if (existing?.SourceArn == sourceArn)
        {
            return true;
        }

        if (!repair)
        {
            return false;
        }

        if (existing is not null)
        {
            await lambda.RemovePermissionAsync(functionName, PermissionStatementId, cancellationToken);
            await context.AfterChangeAsync("http-api:RemovePermission");
        }

        await lambda.AddPermissionAsync(functionName, PermissionStatementId, sourceArn, cancellationToken: cancellationToken);
        await context.AfterChangeAsync("http-api:AddPermission");
        return false;
    }

    private static string Target(ApiIntegrationInfo integration) => $"integrations/{integration.IntegrationId}";

    private static bool SameCors(CorsSettings? current) =>
        current is not null
        && SameSet(current.AllowOrigins, Cors.AllowOrigins)
        && SameSet(current.AllowMethods, Cors.AllowMethods)
        && SameSet(current.AllowHeaders, Cors.AllowHeaders);

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(b);

    /// <summary>PhysicalId is the name, as for every kind; the AWS-assigned id travels as the "apiId" attribute.</summary>
    private string Arn(string apiId) => $"arn:{settings.Partition}:apigateway:{settings.Region}::/apis/{apiId}";

    private ResourceState State(HttpApiInfo api)
    {
        var arn = Arn(api.ApiId);
        var attributes = new Dictionary<string, string> { [ApiIdAttribute] = api.ApiId, ["arn"] = arn };
        if (api.ApiEndpoint is not null)
        {
            attributes["endpoint"] = api.ApiEndpoint;
        }

        return new ResourceState(api.Name, arn, attributes);
    }
}
