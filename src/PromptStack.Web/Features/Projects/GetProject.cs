using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PromptStack.Data;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

public static class GetProject
{
    public static async Task<Results<ProjectResult, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal principal, PromptStackDbContext db, ProjectReadCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var project = await cache.FindAsync(db, CurrentUser.From(principal).Id, id, clock.GetUtcNow(), cancellationToken);
        return project is null ? NotFound() : project;
    }

    /// <summary>Also the answer for another user's project: its existence is not revealed.</summary>
    public static ProblemHttpResult NotFound() => TypedResults.Problem(
        title: "Project not found", detail: "No project with this id belongs to you.", statusCode: StatusCodes.Status404NotFound);
}
