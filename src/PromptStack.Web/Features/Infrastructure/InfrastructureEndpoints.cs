using Microsoft.AspNetCore.Http.HttpResults;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Infrastructure;

/// <summary>Provision and destroy: the lifecycle decides, <see cref="ProjectChange"/> stores.</summary>
public static class InfrastructureEndpoints
{
    /// <param name="owned">A group behind <see cref="OwnedProject.FilterAsync"/>.</param>
    public static RouteGroupBuilder MapInfrastructure(this RouteGroupBuilder owned)
    {
        var group = owned.MapGroup("/infrastructure").WithTags("Infrastructure").AddEndpointFilter(UserRateLimits.Filter(UserLimit.Operation));
        group.MapPost("/", (HttpContext http, ProjectChange change, bool? deploy, CancellationToken ct) =>
                change.RequestAsync(OwnedProject.Of(http), deploy == true ? LifecycleRequest.ProvisionAndDeploy : LifecycleRequest.Provision, ct))
            .WithName("ProvisionInfrastructure")
            .WithSummary("Provision the project's AWS infrastructure (asynchronous); with ?deploy=true, deploy the application once it is up")
            .Problems(409, 422, 429);
        group.MapDelete("/", (HttpContext http, ProjectChange change, bool? purge, CancellationToken ct) =>
                change.RequestAsync(OwnedProject.Of(http), purge == true ? LifecycleRequest.PurgeAndDestroy : LifecycleRequest.Destroy, ct))
            .WithName("DestroyInfrastructure")
            .WithSummary("Destroy the project's AWS infrastructure (asynchronous); with ?purge=true, purge a deployed application first instead of refusing")
            .Problems(409, 429);
        return owned;
    }

    /// <param name="project">The caller's own project, already loaded.</param>
    public static Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> ProvisionAsync(
        Project project, ProjectChange change, CancellationToken cancellationToken) =>
        change.RequestAsync(project, LifecycleRequest.Provision, cancellationToken);

    /// <param name="project">The caller's own project, already loaded.</param>
    public static Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> DestroyAsync(
        Project project, ProjectChange change, CancellationToken cancellationToken) =>
        change.RequestAsync(project, LifecycleRequest.Destroy, cancellationToken);
}
