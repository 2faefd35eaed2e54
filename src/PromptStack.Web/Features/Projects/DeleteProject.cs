using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Lifecycle;

namespace PromptStack.Web.Features.Projects;

public static class DeleteProject
{
    public static Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        HttpContext http, ProjectChange change, PromptStackDbContext db, CancellationToken cancellationToken) =>
        DeleteAsync(OwnedProject.Of(http), change, db, cancellationToken);

    /// <param name="project">The caller's own project, already loaded with its resources.</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Project project, ProjectChange change, PromptStackDbContext db, CancellationToken cancellationToken)
    {
        if (change.Decide(project, LifecycleRequest.Delete).Refusal is { } refusal)
        {
            return ProjectChange.Problem(refusal);
        }

        // Only delete the row if nothing started infrastructure work in the meantime.
        using var owner = OwnerScope.Of(project.OwnerId);
        var deleted = await db.Projects
            .Where(p => p.Id == project.Id && p.Generation == project.Generation)
            .ExecuteDeleteAsync(cancellationToken);
        return deleted == 1
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Project changed", detail: "Try again.", statusCode: StatusCodes.Status409Conflict);
    }
}
