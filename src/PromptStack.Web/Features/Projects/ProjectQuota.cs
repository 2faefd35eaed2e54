using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

public sealed record QuotaRefusal(string Title, string Detail);

public sealed record Usage(int Projects, decimal EstimatedMonthlyCost, decimal AccruedCost);

/// <summary>Checks a user's limits and adds a project in the same transaction, so concurrent creates cannot overshoot.</summary>
public sealed class ProjectQuota(PlatformOptions limits)
{
    public async Task<QuotaRefusal?> TryAddAsync(PromptStackDbContext db, Project project, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Writing the owner's row first serialises concurrent creates of one user: PostgreSQL holds
        // the row lock and SQLite the database write lock until commit, so the counts below are current.
        await db.Users.Where(u => u.Id == project.OwnerId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.QuotaVersion, u => u.QuotaVersion + 1), cancellationToken);

        var owned = db.Projects.Where(p => p.OwnerId == project.OwnerId);
        var count = await owned.CountAsync(cancellationToken);
        var total = (await owned.Select(p => p.EstimatedMonthlyCost).ToListAsync(cancellationToken)).Sum();
        var refusal = Check(project.EstimatedMonthlyCost, count, total, limits.MaxProjects, limits.MaxProjectMonthlyCost, limits.MaxTotalMonthlyCost);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await owned.AnyAsync(p => p.Name == project.Name, cancellationToken))
        {
            return new QuotaRefusal("Project name taken", $"You already have a project named '{project.Name}'.");
        }

        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Whether a new project estimated at <paramref name="estimate"/> fits the limits, given the user's projects and their
    /// total; null when it does. Create enforces it; the New project page asks the same before Create is pressed.
    /// </summary>
    public static QuotaRefusal? Check(decimal estimate, int projects, decimal totalCost, int maxProjects, decimal maxProjectCost, decimal maxTotalCost)
    {
        if (estimate > maxProjectCost)
        {
            return new QuotaRefusal("Project cost limit exceeded",
                $"This app is estimated at {Format.Money(estimate)}/month; a project may cost at most {Format.Money(maxProjectCost)}/month.");
        }

        if (projects >= maxProjects)
        {
            return new QuotaRefusal("Project limit reached",
                $"You have {projects} projects; the limit is {maxProjects}. Delete a project to make room.");
        }

        if (totalCost + estimate > maxTotalCost)
        {
            return new QuotaRefusal("Total cost limit exceeded",
                $"Your projects are estimated at {Format.Money(totalCost)}/month; adding {Format.Money(estimate)} would pass your limit of {Format.Money(maxTotalCost)}/month.");
        }

        return null;
    }

    public static async Task<Usage> UsageAsync(PromptStackDbContext db, Guid ownerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var projects = await db.Projects.AsNoTracking().Where(p => p.OwnerId == ownerId).ToListAsync(cancellationToken);
        return new Usage(projects.Count, projects.Sum(p => p.EstimatedMonthlyCost),
            Math.Round(projects.Sum(p => ProjectDto.AccruedCostOf(p, now)), 6));
    }
}
