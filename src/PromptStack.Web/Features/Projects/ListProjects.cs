using PromptStack.Data;
using PromptStack.Web.Infrastructure;
using System.Security.Claims;

namespace PromptStack.Web.Features.Projects;

public static class ListProjects
{
    public static async Task<IResult> HandleAsync(
        ClaimsPrincipal principal, PromptStackDbContext db, ProjectReadCache cache, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cache.ListAsync(db, CurrentUser.From(principal).Id, clock.GetUtcNow(), cancellationToken));
}
