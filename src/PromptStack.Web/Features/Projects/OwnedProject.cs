using System.Security.Claims;
using PromptStack.Data.Entities;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

/// <summary>
/// Loads the caller's project named by the route's <c>{id}</c> once for every endpoint that changes
/// a project, answering 404 for a missing or another user's project before any handler runs.
/// </summary>
public static class OwnedProject
{
    private static readonly object Key = new();

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!Guid.TryParse(http.GetRouteValue("id") as string, out var id))
        {
            return GetProject.NotFound();
        }

        var project = await FindAsync(id, http.User, http.RequestServices.GetRequiredService<ProjectChange>(), http.RequestAborted);
        if (project is null)
        {
            return GetProject.NotFound();
        }

        http.Items[Key] = project;
        return await next(context);
    }

    /// <summary>The project the filter loaded; only for endpoints behind <see cref="FilterAsync"/>.</summary>
    public static Project Of(HttpContext http) =>
        http.Items[Key] as Project ?? throw new InvalidOperationException("The owned-project filter did not run for this endpoint.");

    /// <summary>For in-process callers (the UI), which have a principal but no request.</summary>
    public static Task<Project?> FindAsync(Guid id, ClaimsPrincipal principal, ProjectChange change, CancellationToken cancellationToken) =>
        change.FindOwnedAsync(id, CurrentUser.From(principal).Id, cancellationToken);
}
