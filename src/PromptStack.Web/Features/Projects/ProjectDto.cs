using System.Text.Json;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Costs;
using PromptStack.Provisioning.Lifecycle;

namespace PromptStack.Web.Features.Projects;

public sealed record ResourceDto(string Kind, string Name, string PhysicalId, string? Arn, ResourceStatus Status, string? Error);

public sealed record InfrastructureDto(
    InfrastructureStatus Status, DateTimeOffset UpdatedAt, string? Error,
    IReadOnlyList<ResourceDto> Resources, IReadOnlyDictionary<string, string> Outputs);

public sealed record ApplicationDto(ApplicationStatus Status, int Version, DateTimeOffset? DeployedAt, string? Error);

public sealed record ProjectDto(
    Guid Id, string Name, string Prompt, string Template, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    decimal EstimatedMonthlyCost, decimal AccruedCost, InfrastructureDto Infrastructure, ApplicationDto Application)
{
    public static ProjectDto From(Project p, DateTimeOffset now) => new(
        p.Id, p.Name, p.Prompt, p.Template, p.CreatedAt, p.ExpiresAt,
        p.EstimatedMonthlyCost, AccruedCostOf(p, now),
        new InfrastructureDto(
            ShownStatus.Infrastructure(p), p.InfrastructureUpdatedAt, ShownStatus.InfrastructureError(p),
            p.Resources.OrderBy(r => r.CreatedAt).ThenBy(r => r.Name)
                .Select(r => new ResourceDto(r.Kind, r.Name, r.PhysicalId, r.Arn, r.Status, r.Error)).ToList(),
            JsonSerializer.Deserialize<Dictionary<string, string>>(p.OutputsJson) ?? []),
        new ApplicationDto(ShownStatus.Application(p), p.ApplicationVersion, p.ApplicationDeployedAt, ShownStatus.ApplicationError(p)));

    /// <summary>Earlier infrastructure's cost plus the current one's, pro-rated over the time it has existed.</summary>
    public static decimal AccruedCostOf(Project p, DateTimeOffset now) =>
        p.AccruedCostBefore + (p.InfrastructureSince is { } since ? CostModel.Accrued(p.EstimatedMonthlyCost, now - since) : 0m);
}
