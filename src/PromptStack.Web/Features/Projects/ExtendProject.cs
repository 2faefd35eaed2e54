using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

public sealed record ExtendRequest(int? Minutes);

public static class ExtendProject
{
    public static Task<Results<Ok<ProjectDto>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        ExtendRequest request, HttpContext http, ProjectChange change, PromptStackDbContext db, LifecycleLimits limits,
        TimeProvider clock, CancellationToken cancellationToken) =>
        ExtendAsync(OwnedProject.Of(http), request, change, db, limits, clock, cancellationToken);

    /// <summary>Moves expiry later, but never beyond MAX_RESOURCE_TIMEOUT_MINUTES from now.</summary>
    /// <param name="project">The caller's own project, already loaded.</param>
    public static async Task<Results<Ok<ProjectDto>, ValidationProblem, ProblemHttpResult>> ExtendAsync(
        Project project, ExtendRequest request, ProjectChange change, PromptStackDbContext db, LifecycleLimits limits,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var minutes = request.Minutes ?? 0;
        var validation = new Validation().Require(minutes >= 1 && minutes <= limits.MaxTtlMinutes, "minutes",
            $"Extend by 1 to {limits.MaxTtlMinutes} minutes.");
        if (!validation.IsValid)
        {
            return validation.Problem("Cannot extend by that much");
        }

        var decision = change.Decide(project, LifecycleRequest.Extend, minutes);
        if (decision.Change is not { ExpiresAt: { } newExpiry } extension)
        {
            return ProjectChange.Problem(decision.Refusal!);
        }

        // Not a request for work (no operation, no generation bump): only the expiry moves, and only if nobody moved it meanwhile.
        using var owner = OwnerScope.Of(project.OwnerId);
        var changed = await db.Projects
            .Where(p => p.Id == project.Id && p.ExpiresAt == project.ExpiresAt && p.InfrastructureDesired == DesiredState.Present)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ExpiresAt, newExpiry), cancellationToken);
        if (changed == 0)
        {
            return TypedResults.Problem(title: "Project changed", detail: "Reload and try again.", statusCode: StatusCodes.Status409Conflict);
        }

        var now = clock.GetUtcNow();
        db.ProjectEvents.Add(new ProjectEvent { ProjectId = project.Id, At = now, Operation = extension.Operation, Message = extension.Message });
        await db.SaveChangesAsync(cancellationToken);
        var updated = (await ProjectViews.OwnedAsync(db, project.Id, project.OwnerId, cancellationToken))!;
        return TypedResults.Ok(ProjectDto.From(updated, now));
    }
}
