using Microsoft.EntityFrameworkCore;
using PromptStack.Data.Entities;

namespace PromptStack.Web.Features.Projects;

/// <summary>
/// Projects as the API and the pages show them: every column but the blueprint, which holds the generated
/// files (tens of KB per project) and which no answer about a project's state needs. Read untracked, with
/// the resources in the same query.
/// </summary>
public static class ProjectViews
{
    public static IQueryable<Project> Shown(this IQueryable<Project> projects) =>
        projects.AsNoTracking().Select(p => new Project
        {
            Id = p.Id, OwnerId = p.OwnerId, Name = p.Name, Prompt = p.Prompt, Template = p.Template,
            EstimatedMonthlyCost = p.EstimatedMonthlyCost, CreatedAt = p.CreatedAt, ExpiresAt = p.ExpiresAt,
            InfrastructureDesired = p.InfrastructureDesired, InfrastructureStatus = p.InfrastructureStatus,
            InfrastructureUpdatedAt = p.InfrastructureUpdatedAt, InfrastructureError = p.InfrastructureError,
            InfrastructureSince = p.InfrastructureSince, AccruedCostBefore = p.AccruedCostBefore, OutputsJson = p.OutputsJson,
            ApplicationDesired = p.ApplicationDesired, ApplicationStatus = p.ApplicationStatus, ApplicationVersion = p.ApplicationVersion,
            ApplicationTargetVersion = p.ApplicationTargetVersion, ApplicationDeployedAt = p.ApplicationDeployedAt,
            ApplicationError = p.ApplicationError, Generation = p.Generation, ReconciledGeneration = p.ReconciledGeneration,
            DestroyReason = p.DestroyReason, CurrentOperationId = p.CurrentOperationId, LeasedUntil = p.LeasedUntil,
            LeaseOwner = p.LeaseOwner, LeaseEpoch = p.LeaseEpoch, ResyncAt = p.ResyncAt,
            Resources = p.Resources.Select(r => new Resource
            {
                Id = r.Id, ProjectId = r.ProjectId, Kind = r.Kind, Name = r.Name, PhysicalId = r.PhysicalId, Arn = r.Arn,
                Status = r.Status, Error = r.Error, CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt,
            }).ToList(),
        });
}
