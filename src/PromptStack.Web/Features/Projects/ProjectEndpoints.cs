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
        projects.MapDelete("/{id:guid}", DeleteProject.HandleAsync).WithName("DeleteProject");
        projects.MapPost("/{id:guid}/extend", ExtendProject.HandleAsync).WithName("ExtendProject");
        return app;
    }
}
