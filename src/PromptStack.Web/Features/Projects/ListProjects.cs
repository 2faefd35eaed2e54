using PromptStack.Data;
using PromptStack.Web.Infrastructure;
using System.Security.Claims;

namespace PromptStack.Web.Features.Projects;

public static class ListProjects
{
    public static Task<ProjectListResult> HandleAsync(
        ClaimsPrincipal principal, PromptStackDbContext db, ProjectReadCache cache, TimeProvider clock, CancellationToken cancellationToken) =>
        cache.ListAsync(db, CurrentUser.From(principal).Id, clock.GetUtcNow(), cancellationToken);
}
