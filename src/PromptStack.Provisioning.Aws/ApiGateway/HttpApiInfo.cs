using System.Text.Json;

namespace PromptStack.Provisioning.Aws;

/// <summary>An API Gateway v2 API as returned by CreateApi/GetApi/GetApis.</summary>
public sealed record HttpApiInfo
{
    public required string ApiId { get; init; }

    public required string Name { get; init; }

    /// <summary>Invoke URL base, e.g. https://abc123.execute-api.us-east-1.amazonaws.com.</summary>
    public string? ApiEndpoint { get; init; }

    public string? ProtocolType { get; init; }

    public CorsSettings? Cors { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For an API returned by CreateApi: how many times the transport sent the create. More than once means an earlier
    /// attempt may have made an API whose answer was lost, a duplicate under the same name.
    /// </summary>
    public int CreateAttempts { get; init; } = 1;

    internal static HttpApiInfo FromJson(JsonElement element) => new()
    {
        ApiId = element.Str("apiId") ?? string.Empty,
        Name = element.Str("name") ?? string.Empty,
        ApiEndpoint = element.Str("apiEndpoint"),
        ProtocolType = element.Str("protocolType"),
        Cors = CorsSettings.FromJson(element.Obj("corsConfiguration")),
        Tags = element.Map("tags"),
    };
}
