using System.Text.Json;

namespace PromptStack.Provisioning.Aws;

/// <summary>An API Gateway v2 route; Target is "integrations/&lt;integrationId&gt;".</summary>
public sealed record ApiRouteInfo
{
    public required string RouteId { get; init; }

    public required string RouteKey { get; init; }

    public string? Target { get; init; }

    internal static ApiRouteInfo FromJson(JsonElement element) => new()
    {
        RouteId = element.Str("routeId") ?? string.Empty,
        RouteKey = element.Str("routeKey") ?? string.Empty,
        Target = element.Str("target"),
    };
}
