using System.Text.Json;

namespace PromptStack.Provisioning.Aws;

/// <summary>An API Gateway v2 stage; PromptStack uses one auto-deployed "$default" stage.</summary>
public sealed record ApiStageInfo
{
    public required string StageName { get; init; }

    public bool AutoDeploy { get; init; }

    public string? DeploymentId { get; init; }

    internal static ApiStageInfo FromJson(JsonElement element) => new()
    {
        StageName = element.Str("stageName") ?? string.Empty,
        AutoDeploy = element.Bool("autoDeploy") ?? false,
        DeploymentId = element.Str("deploymentId"),
    };
}
