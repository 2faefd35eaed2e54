using System.Text.Json;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Minimal API Gateway v2 (HTTP API) client over its REST-JSON API (/v2/apis...), because the
/// AWSSDK.ApiGatewayV2 package is not available. Integration, route and stage are created explicitly
/// (not via quick-create "target") because moto ignores quick-create targets.
/// </summary>
public sealed class ApiGatewayV2Client
{
    private const string Apis = "/v2/apis";
    private readonly SigV4HttpClient _http;

    public ApiGatewayV2Client(SigV4HttpClient http) => _http = http;

    public async Task<HttpApiInfo> CreateApiAsync(
        string name, IReadOnlyDictionary<string, string>? tags = null, CorsSettings? cors = null, CancellationToken cancellationToken = default)
    {
        var body = new
        {
            name,
            protocolType = "HTTP",
            tags,
            corsConfiguration = cors is null ? null : new
            {
                allowOrigins = cors.AllowOrigins,
                allowMethods = cors.AllowMethods,
                allowHeaders = cors.AllowHeaders,
                exposeHeaders = cors.ExposeHeaders,
                allowCredentials = cors.AllowCredentials,
                maxAge = cors.MaxAge,
            },
        };
        var (created, attempts) = await _http.SendJsonCountingAttemptsAsync(HttpMethod.Post, Apis, body, JsonHelpers.CamelCase, cancellationToken);
        return HttpApiInfo.FromJson(created) with { CreateAttempts = attempts };
    }

    /// <summary>Replaces the API's CORS configuration (PATCH leaves every other setting as it is).</summary>
    public async Task<HttpApiInfo> UpdateCorsAsync(string apiId, CorsSettings cors, CancellationToken cancellationToken = default)
    {
        var body = new
        {
            corsConfiguration = new
            {
                allowOrigins = cors.AllowOrigins,
                allowMethods = cors.AllowMethods,
                allowHeaders = cors.AllowHeaders,
                exposeHeaders = cors.ExposeHeaders,
                allowCredentials = cors.AllowCredentials,
                maxAge = cors.MaxAge,
            },
        };
        return HttpApiInfo.FromJson(await SendAsync(HttpMethod.Patch, $"{Apis}/{Escape(apiId)}", body, cancellationToken));
    }

    /// <summary>The API, or null when it does not exist.</summary>
    public async Task<HttpApiInfo?> GetApiAsync(string apiId, CancellationToken cancellationToken = default)
    {
        try
        {
            return HttpApiInfo.FromJson(await SendAsync(HttpMethod.Get, $"{Apis}/{Escape(apiId)}", null, cancellationToken));
        }
        catch (AwsApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Adds or overwrites the given tags of an API (by its ARN); tags not named are left as they are.</summary>
    public Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/v2/tags/{Escape(resourceArn)}", new { tags }, cancellationToken);

    /// <summary>All APIs in the region (all pages), with their tags.</summary>
    public Task<IReadOnlyList<HttpApiInfo>> GetApisAsync(CancellationToken cancellationToken = default) =>
        GetAllAsync(Apis, HttpApiInfo.FromJson, cancellationToken);

    /// <summary>Deletes the API with its routes, integrations and stages; false when it was already gone.</summary>
    public async Task<bool> DeleteApiAsync(string apiId, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, $"{Apis}/{Escape(apiId)}", null, cancellationToken);
            return true;
        }
        catch (AwsApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Lambda proxy integration (AWS_PROXY, payload format 2.0) pointing at <paramref name="functionArn"/>.</summary>
    public async Task<ApiIntegrationInfo> CreateIntegrationAsync(string apiId, string functionArn, CancellationToken cancellationToken = default)
    {
        var body = new
        {
            integrationType = "AWS_PROXY",
            integrationUri = functionArn,
            integrationMethod = "POST",
            payloadFormatVersion = "2.0",
        };
        var result = await SendAsync(HttpMethod.Post, $"{Apis}/{Escape(apiId)}/integrations", body, cancellationToken);
        return ApiIntegrationInfo.FromJson(result);
    }

    public Task<IReadOnlyList<ApiIntegrationInfo>> GetIntegrationsAsync(string apiId, CancellationToken cancellationToken = default) =>
        GetAllAsync($"{Apis}/{Escape(apiId)}/integrations", ApiIntegrationInfo.FromJson, cancellationToken);

    /// <summary>Route sending <paramref name="routeKey"/> (default: every request) to the integration.</summary>
    public async Task<ApiRouteInfo> CreateRouteAsync(
        string apiId, string integrationId, string routeKey = "$default", CancellationToken cancellationToken = default)
    {
        var body = new { routeKey, target = $"integrations/{integrationId}" };
        return ApiRouteInfo.FromJson(await SendAsync(HttpMethod.Post, $"{Apis}/{Escape(apiId)}/routes", body, cancellationToken));
    }

    /// <summary>Points an existing route at another integration.</summary>
    public async Task<ApiRouteInfo> UpdateRouteTargetAsync(string apiId, string routeId, string integrationId, CancellationToken cancellationToken = default)
    {
        var body = new { target = $"integrations/{integrationId}" };
        return ApiRouteInfo.FromJson(await SendAsync(HttpMethod.Patch, $"{Apis}/{Escape(apiId)}/routes/{Escape(routeId)}", body, cancellationToken));
    }

    public Task<IReadOnlyList<ApiRouteInfo>> GetRoutesAsync(string apiId, CancellationToken cancellationToken = default) =>
        GetAllAsync($"{Apis}/{Escape(apiId)}/routes", ApiRouteInfo.FromJson, cancellationToken);

    /// <summary>Stage that deploys every change automatically, so no explicit CreateDeployment is needed.</summary>
    public async Task<ApiStageInfo> CreateStageAsync(
        string apiId, string stageName = "$default", bool autoDeploy = true, CancellationToken cancellationToken = default)
    {
        var body = new { stageName, autoDeploy };
        return ApiStageInfo.FromJson(await SendAsync(HttpMethod.Post, $"{Apis}/{Escape(apiId)}/stages", body, cancellationToken));
    }

    public Task<IReadOnlyList<ApiStageInfo>> GetStagesAsync(string apiId, CancellationToken cancellationToken = default) =>
        GetAllAsync($"{Apis}/{Escape(apiId)}/stages", ApiStageInfo.FromJson, cancellationToken);

    /// <summary>Follows nextToken until the last page; every v2 list call pages the same way.</summary>
    private async Task<IReadOnlyList<T>> GetAllAsync<T>(string path, Func<JsonElement, T> map, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? nextToken = null;
        do
        {
            var query = nextToken is null ? "?maxResults=100" : $"?maxResults=100&nextToken={Escape(nextToken)}";
            var page = await SendAsync(HttpMethod.Get, path + query, null, cancellationToken);
            items.AddRange(page.Array("items").Select(map));
            nextToken = page.Str("nextToken");
        }
        while (!string.IsNullOrEmpty(nextToken));

        return items;
    }

    private Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        _http.SendJsonAsync(method, path, body, JsonHelpers.CamelCase, cancellationToken);

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
