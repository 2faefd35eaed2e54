using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

public static class DeleteProject
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal principal, PromptStackDbContext db, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var project = await db.Projects.Include(p => p.Resources)
            .SingleOrDefaultAsync(p => p.Id == id && p.OwnerId == user.Id, cancellationToken);
        if (project is null)
        {
            return GetProject.NotFound();
        }

        if (HasInfrastructure(project))
        {
            return TypedResults.Problem(title: "Destroy infrastructure first",
                detail: "The project still has cloud resources. Destroy its infrastructure, then delete it.",
                statusCode: StatusCodes.Status409Conflict);
        }

        // Only delete the row if nothing started infrastructure work in the meantime.
        var deleted = await db.Projects
            .Where(p => p.Id == id && p.Generation == project.Generation)
            .ExecuteDeleteAsync(cancellationToken);
        return deleted == 1
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Project changed", detail: "Try again.", statusCode: StatusCodes.Status409Conflict);
    }

    public static bool HasInfrastructure(Project project) =>
        project.InfrastructureDesired == DesiredState.Present ||
        project.InfrastructureStatus is not (InfrastructureStatus.None or InfrastructureStatus.Destroyed) ||
        project.Resources.Any(r => r.Status != ResourceStatus.Deleted);
}
