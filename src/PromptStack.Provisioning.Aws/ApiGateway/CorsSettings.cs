using System.Text.Json;

namespace PromptStack.Provisioning.Aws;

/// <summary>CORS configuration of an HTTP API (API Gateway answers preflight requests itself).</summary>
public sealed record CorsSettings
{
    public IReadOnlyList<string> AllowOrigins { get; init; } = [];

    public IReadOnlyList<string> AllowMethods { get; init; } = [];

    public IReadOnlyList<string> AllowHeaders { get; init; } = [];

    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    public bool? AllowCredentials { get; init; }

    /// <summary>Seconds browsers may cache the preflight answer.</summary>
    public int? MaxAge { get; init; }

    internal static CorsSettings? FromJson(JsonElement element) => element.ValueKind != JsonValueKind.Object ? null : new CorsSettings
    {
        AllowOrigins = element.Strings("allowOrigins"),
        AllowMethods = element.Strings("allowMethods"),
        AllowHeaders = element.Strings("allowHeaders"),
        ExposeHeaders = element.Strings("exposeHeaders"),
        AllowCredentials = element.Bool("allowCredentials"),
        MaxAge = element.Int("maxAge"),
    };
}
