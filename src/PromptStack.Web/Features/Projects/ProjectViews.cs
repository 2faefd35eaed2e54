using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

/// <summary>
/// Projects as the API and the pages show them: only the columns a <see cref="ProjectDto"/> shows, never the
/// blueprint, which holds the generated files (tens of KB per project). Read untracked.
/// </summary>
public static class ProjectViews
{
    /// <summary>The columns a <see cref="ProjectDto"/> shows (declared first: the compiled queries below use them).</summary>
    private static readonly Expression<Func<Project, Project>> Columns = p => new Project
    {
        Id = p.Id, OwnerId = p.OwnerId, Name = p.Name, Prompt = p.Prompt, Template = p.Template,
        EstimatedMonthlyCost = p.EstimatedMonthlyCost, CreatedAt = p.CreatedAt, ExpiresAt = p.ExpiresAt,
        InfrastructureDesired = p.InfrastructureDesired, InfrastructureStatus = p.InfrastructureStatus,
        InfrastructureUpdatedAt = p.InfrastructureUpdatedAt, InfrastructureError = p.InfrastructureError,
        InfrastructureSince = p.InfrastructureSince, AccruedCostBefore = p.AccruedCostBefore, OutputsJson = p.OutputsJson,
        ApplicationDesired = p.ApplicationDesired, ApplicationStatus = p.ApplicationStatus, ApplicationVersion = p.ApplicationVersion,
        ApplicationTargetVersion = p.ApplicationTargetVersion, ApplicationDeployedAt = p.ApplicationDeployedAt,
        ApplicationError = p.ApplicationError, Generation = p.Generation, ReconciledGeneration = p.ReconciledGeneration,
    };

    private static readonly Expression<Func<Resource, Resource>> ResourceColumns = r => new Resource
    {
        ProjectId = r.ProjectId, Kind = r.Kind, Name = r.Name, PhysicalId = r.PhysicalId, Arn = r.Arn,
        Status = r.Status, Error = r.Error, CreatedAt = r.CreatedAt,
    };

    // The read path's two queries are compiled once: a call does no expression building, hashing or cache lookup.
    // Projects and resources come as two flat result sets rather than one join that repeats each project per resource.
    private static readonly PerModel<Func<PromptStackDbContext, Guid, IAsyncEnumerable<Project>>> OwnedProjects = new(() =>
        EF.CompileAsyncQuery((PromptStackDbContext db, Guid ownerId) => db.Projects.AsNoTracking().Where(p => p.OwnerId == ownerId).Select(Columns)));

    private static readonly PerModel<Func<PromptStackDbContext, Guid, IAsyncEnumerable<Resource>>> OwnedResources = new(() =>
        EF.CompileAsyncQuery((PromptStackDbContext db, Guid ownerId) => db.Resources.AsNoTracking()
            .Where(r => db.Projects.Any(p => p.Id == r.ProjectId && p.OwnerId == ownerId)).Select(ResourceColumns)));

    private static readonly PerModel<Func<PromptStackDbContext, Guid, Guid, IAsyncEnumerable<Project>>> OwnedProject = new(() =>
        EF.CompileAsyncQuery((PromptStackDbContext db, Guid id, Guid ownerId) =>
            db.Projects.AsNoTracking().Where(p => p.Id == id && p.OwnerId == ownerId).Select(Columns)));

    private static readonly PerModel<Func<PromptStackDbContext, Guid, IAsyncEnumerable<Resource>>> ResourcesOf = new(() =>
        EF.CompileAsyncQuery((PromptStackDbContext db, Guid projectId) => db.Resources.AsNoTracking().Where(r => r.ProjectId == projectId).Select(ResourceColumns)));

    /// <summary>The user's projects as <see cref="ProjectDto.From"/> needs them, with their resources.</summary>
    public static async Task<List<Project>> OwnedByAsync(PromptStackDbContext db, Guid ownerId, CancellationToken cancellationToken)
    {
        // One connection for both queries, instead of a pool round trip for each.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var projects = new Dictionary<Guid, Project>();
            await foreach (var project in OwnedProjects.For(db)(db, ownerId).WithCancellation(cancellationToken))
            {
                projects[project.Id] = project;
            }

            // Read apart from the projects: a project created in between brings resources of a project not listed.
            await foreach (var resource in OwnedResources.For(db)(db, ownerId).WithCancellation(cancellationToken))
            {
                if (projects.TryGetValue(resource.ProjectId, out var project))
                {
                    project.Resources.Add(resource);
                }
            }

            return [.. projects.Values];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>One of the user's projects as <see cref="ProjectDto.From"/> needs it, or null when it is not theirs.</summary>
    public static async Task<Project?> OwnedAsync(PromptStackDbContext db, Guid id, Guid ownerId, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            Project? project = null;
            await foreach (var found in OwnedProject.For(db)(db, id, ownerId).WithCancellation(cancellationToken))
            {
                project = found;
            }

            if (project is not null)
            {
                await foreach (var resource in ResourcesOf.For(db)(db, id).WithCancellation(cancellationToken))
                {
                    project.Resources.Add(resource);
                }
            }

            return project;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
