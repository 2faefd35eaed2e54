using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PromptStack.Data.Entities;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Infrastructure;

public static class InfrastructureEndpoints
{
    public static IEndpointRouteBuilder MapInfrastructure(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{id:guid}/infrastructure").WithTags("Infrastructure")
            .RequireAuthorization().AddEndpointFilter(UserRateLimits.Filter(UserLimit.Operation));
        group.MapPost("/", ProvisionAsync).WithName("ProvisionInfrastructure");
        group.MapDelete("/", DestroyAsync).WithName("DestroyInfrastructure");
        return app;
    }

    public static async Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> ProvisionAsync(
        Guid id, ClaimsPrincipal principal, ProjectChange change, PlatformOptions options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var project = await change.FindOwnedAsync(id, user.Id, cancellationToken);
        if (project is null)
        {
            return GetProject.NotFound();
        }

        // A failed provision may be retried; anything else in flight or in place is a conflict.
        var retry = project.InfrastructureDesired == DesiredState.Present && project.InfrastructureStatus == InfrastructureStatus.Failed;
        if (!retry && (project.InfrastructureDesired == DesiredState.Present || project.InfrastructureStatus == InfrastructureStatus.Destroying))
        {
            return Conflict(project.InfrastructureStatus switch
            {
                InfrastructureStatus.Provisioning => "Already provisioning",
                InfrastructureStatus.Destroying => "Destroy in progress",
                _ => "Infrastructure already deployed",
            }, "Wait for the current operation, or destroy the infrastructure first.");
        }

        var expiresAt = clock.GetUtcNow().AddMinutes(options.ResourceTtlMinutes);
        var operationId = await change.RequestAsync(project, "provision",
            $"Provisioning requested; the stack will be removed automatically at {expiresAt:u}.",
            s => s.SetProperty(p => p.InfrastructureDesired, DesiredState.Present)
                  .SetProperty(p => p.InfrastructureStatus, InfrastructureStatus.Provisioning)
                  .SetProperty(p => p.InfrastructureError, (string?)null)
                  .SetProperty(p => p.DestroyReason, (string?)null)
                  .SetProperty(p => p.ExpiresAt, expiresAt),
            cancellationToken);
        return await change.AcceptedAsync(id, operationId, cancellationToken);
    }

    public static async Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> DestroyAsync(
        Guid id, ClaimsPrincipal principal, ProjectChange change, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var project = await change.FindOwnedAsync(id, user.Id, cancellationToken);
        if (project is null)
        {
            return GetProject.NotFound();
        }

        if (project.ApplicationStatus is ApplicationStatus.Deployed or ApplicationStatus.Deploying ||
            project.ApplicationDesired == DesiredState.Present)
        {
            return Conflict("Purge application first",
                "The application is deployed on this infrastructure. Purge it (DELETE .../application), then destroy.");
        }

        if (project.InfrastructureDesired == DesiredState.Absent && !DeleteProject.HasInfrastructure(project))
        {
            return Conflict("No infrastructure", "This project has no infrastructure to destroy.");
        }

        if (project.InfrastructureDesired == DesiredState.Absent && project.InfrastructureStatus == InfrastructureStatus.Destroying)
        {
            return Conflict("Destroy in progress", "The infrastructure is already being destroyed.");
        }

        var operationId = await change.RequestAsync(project, "destroy", "Destroy requested.",
            s => s.SetProperty(p => p.InfrastructureDesired, DesiredState.Absent)
                  .SetProperty(p => p.InfrastructureStatus, InfrastructureStatus.Destroying)
                  .SetProperty(p => p.InfrastructureError, (string?)null)
                  .SetProperty(p => p.DestroyReason, "user"),
            cancellationToken);
        return await change.AcceptedAsync(id, operationId, cancellationToken);
    }

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status409Conflict);
}
