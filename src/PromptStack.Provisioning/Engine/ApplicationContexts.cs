using System.Text.Json;
using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Engine;

internal static class ApplicationContexts
{
    /// <summary>What the deployer needs about a project: its blueprint, its ready resources, and where its events go.</summary>
    public static ApplicationContext For(
        Project project, ProjectWriter writer, ReconcilerFaults faults, int version, string operation, CancellationToken cancellationToken) => new()
    {
        ProjectId = project.Id,
        UserId = project.OwnerId,
        BlueprintJson = project.BlueprintJson,
        Version = version,
        Resources = project.Resources.Where(r => r.Status == ResourceStatus.Ready).ToDictionary(r => r.Kind, r =>
            new ResourceState(r.PhysicalId, r.Arn, JsonSerializer.Deserialize<Dictionary<string, string>>(r.AttributesJson) ?? [])),
        LogAsync = message => writer.EventAsync(project.Id, operation, message, cancellationToken: cancellationToken),
        AfterChangeAsync = faults.OnChangeAsync,
    };
}
