using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

public sealed record ExtendRequest(int? Minutes);

public static class ExtendProject
{
    /// <summary>Moves expiry later, but never beyond MAX_RESOURCE_TIMEOUT_MINUTES from now.</summary>
    public static async Task<Results<Ok<ProjectDto>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, ExtendRequest request, ClaimsPrincipal principal, PromptStackDbContext db, PlatformOptions options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var minutes = request.Minutes ?? 0;
        var validation = new Validation().Require(minutes >= 1 && minutes <= options.MaxTtlMinutes, "minutes",
            $"Extend by 1 to {options.MaxTtlMinutes} minutes.");
        if (!validation.IsValid)
        {
            return validation.Problem("Cannot extend by that much");
        }

        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.OwnerId == user.Id, cancellationToken);
        if (project is null)
        {
            return GetProject.NotFound();
        }

        var now = clock.GetUtcNow();
        if (project.ExpiresAt is not { } expiresAt || project.InfrastructureDesired != DesiredState.Present)
        {
            return TypedResults.Problem(title: "Nothing to extend", detail: "Only provisioned infrastructure has an expiry time.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var limit = now.AddMinutes(options.MaxTtlMinutes);
        var wanted = expiresAt.AddMinutes(minutes);
        var newExpiry = wanted > limit ? limit : wanted;
        var changed = await db.Projects
            .Where(p => p.Id == id && p.ExpiresAt == expiresAt && p.InfrastructureDesired == DesiredState.Present)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ExpiresAt, newExpiry), cancellationToken);
        if (changed == 0)
        {
            return TypedResults.Problem(title: "Project changed", detail: "Reload and try again.", statusCode: StatusCodes.Status409Conflict);
        }

        db.ProjectEvents.Add(new ProjectEvent
        {
            ProjectId = id, At = now, Operation = "extend",
            Message = newExpiry < wanted
                ? $"Expiry moved to {newExpiry:u}, the most allowed ({options.MaxTtlMinutes} minutes from now)."
                : $"Expiry moved to {newExpiry:u}.",
        });
        await db.SaveChangesAsync(cancellationToken);
        var updated = await db.Projects.AsNoTracking().Include(p => p.Resources).SingleAsync(p => p.Id == id, cancellationToken);
        return TypedResults.Ok(ProjectDto.From(updated, now));
    }
}
