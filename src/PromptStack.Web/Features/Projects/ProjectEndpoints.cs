using PromptStack.Web.Features.Application;
using PromptStack.Web.Features.Infrastructure;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

public static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization();
        projects.MapPost("/estimate", EstimateProject.HandleAsync).WithName("EstimateProject");
        projects.MapPost("/", CreateProject.HandleAsync).WithName("CreateProject").AddEndpointFilter(UserRateLimits.Filter(UserLimit.Create));
        projects.MapGet("/", ListProjects.HandleAsync).WithName("ListProjects");
        projects.MapGet("/{id:guid}", GetProject.HandleAsync).WithName("GetProject");

        // Every request that changes a project: loaded (or 404) once, then one handler per request kind.
        var owned = app.MapGroup("/api/projects/{id:guid}").RequireAuthorization().AddEndpointFilter(OwnedProject.FilterAsync);
        owned.MapDelete("/", DeleteProject.HandleAsync).WithTags("Projects").WithName("DeleteProject");
        owned.MapPost("/extend", ExtendProject.HandleAsync).WithTags("Projects").WithName("ExtendProject");
        owned.MapInfrastructure().MapApplication();
        return app;
    }
}
