using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PromptStack.Data.Entities;
using PromptStack.Web.Features.Infrastructure;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Application;

public static class ApplicationEndpoints
{
    public static IEndpointRouteBuilder MapApplication(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{id:guid}/application").WithTags("Application")
            .RequireAuthorization().AddEndpointFilter(UserRateLimits.Filter(UserLimit.Operation));
        group.MapPost("/", DeployAsync).WithName("DeployApplication");
        group.MapDelete("/", PurgeAsync).WithName("PurgeApplication");
        return app;
    }

    public static async Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> DeployAsync(
        Guid id, ClaimsPrincipal principal, ProjectChange change, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var project = await change.FindOwnedAsync(id, user.Id, cancellationToken);
        if (project is null)
        {
            return GetProject.NotFound();
        }

        if (project.InfrastructureStatus != InfrastructureStatus.Deployed || project.InfrastructureDesired != DesiredState.Present)
        {
            return InfrastructureEndpoints.Conflict("Infrastructure not deployed", "Provision the infrastructure and wait until it is deployed, then deploy.");
        }

        if (project.ApplicationStatus is ApplicationStatus.Deploying or ApplicationStatus.Purging)
        {
            return InfrastructureEndpoints.Conflict("Application operation in progress", "Wait for the current deploy or purge to finish.");
        }

        var operationId = await change.RequestAsync(project, "deploy", $"Deploy of version {project.ApplicationVersion + 1} requested.",
            s => s.SetProperty(p => p.ApplicationDesired, DesiredState.Present)
                  .SetProperty(p => p.ApplicationStatus, ApplicationStatus.Deploying)
                  .SetProperty(p => p.ApplicationError, (string?)null),
            cancellationToken);
        return await change.AcceptedAsync(id, operationId, cancellationToken);
    }

    public static async Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> PurgeAsync(
        Guid id, ClaimsPrincipal principal, ProjectChange change, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var project = await change.FindOwnedAsync(id, user.Id, cancellationToken);
        if (project is null)
        {
            return GetProject.NotFound();
        }

        if (project.ApplicationStatus == ApplicationStatus.None && project.ApplicationDesired == DesiredState.Absent)
        {
            return InfrastructureEndpoints.Conflict("Nothing to purge", "No application is deployed on this project.");
        }

        var operationId = await change.RequestAsync(project, "purge", "Purge requested.",
            s => s.SetProperty(p => p.ApplicationDesired, DesiredState.Absent)
                  .SetProperty(p => p.ApplicationStatus, ApplicationStatus.Purging)
                  .SetProperty(p => p.ApplicationError, (string?)null),
            cancellationToken);
        return await change.AcceptedAsync(id, operationId, cancellationToken);
    }
}
