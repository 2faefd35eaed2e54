using PromptStack.Web.Features.Application;
using PromptStack.Web.Features.Infrastructure;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

public static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization();
        projects.MapPost("/estimate", EstimateProject.HandleAsync).WithName("EstimateProject").WithSummary("Estimate the monthly cost of an app described by a prompt").Problems(422)
            .Example(new { prompt = "a bar chart of monthly sales I can add entries to" }, null);
        projects.MapPost("/", CreateProject.HandleAsync).WithName("CreateProject").WithSummary("Create a project (its blueprint and cost estimate) from a prompt").Problems(409, 422, 429)
            .Example(new { name = "sales-chart", prompt = "a bar chart of monthly sales I can add entries to" }, null).AddEndpointFilter(UserRateLimits.Filter(UserLimit.Create));
        projects.MapGet("/", ListProjects.HandleAsync).WithName("ListProjects").WithSummary("The caller's projects, newest first");
        projects.MapGet("/{id:guid}", GetProject.HandleAsync).WithName("GetProject").WithSummary("One project with its infrastructure and application status");

        // Every request that changes a project: loaded (or 404) once, then one handler per request kind.
        var owned = app.MapGroup("/api/projects/{id:guid}").RequireAuthorization().AddEndpointFilter(OwnedProject.FilterAsync);
        owned.MapDelete("/", DeleteProject.HandleAsync).WithTags("Projects").WithName("DeleteProject").WithSummary("Delete a project that has no infrastructure").Problems(409);
        owned.MapPost("/extend", ExtendProject.HandleAsync).WithTags("Projects").WithName("ExtendProject").WithSummary("Move the automatic cleanup of the infrastructure later").Problems(409)
            .Example(new { minutes = 30 }, null);
        owned.MapInfrastructure().MapApplication();
        return app;
    }
}
