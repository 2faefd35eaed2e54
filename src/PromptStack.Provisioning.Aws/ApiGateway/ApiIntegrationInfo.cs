using System.Text.Json;

namespace PromptStack.Provisioning.Aws;

/// <summary>An API Gateway v2 integration (for PromptStack always a Lambda proxy).</summary>
public sealed record ApiIntegrationInfo
{
    public required string IntegrationId { get; init; }

    public string? IntegrationType { get; init; }

    /// <summary>For AWS_PROXY Lambda integrations, the function ARN.</summary>
    public string? IntegrationUri { get; init; }

    public string? IntegrationMethod { get; init; }

    public string? PayloadFormatVersion { get; init; }

    internal static ApiIntegrationInfo FromJson(JsonElement element) => new()
    {
        IntegrationId = element.Str("integrationId") ?? string.Empty,
        IntegrationType = element.Str("integrationType"),
        IntegrationUri = element.Str("integrationUri"),
        IntegrationMethod = element.Str("integrationMethod"),
        PayloadFormatVersion = element.Str("payloadFormatVersion"),
    };
}
