using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Web.Infrastructure;
using System.Security.Claims;

namespace PromptStack.Web.Features.Projects;

public static class ListProjects
{
    public static async Task<IResult> HandleAsync(
        ClaimsPrincipal principal, PromptStackDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var projects = await ProjectViews.OwnedByAsync(db, user.Id, cancellationToken);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(projects.OrderByDescending(p => p.CreatedAt).Select(p => ProjectDto.From(p, now)).ToList());
    }
}
