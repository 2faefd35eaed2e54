using Microsoft.AspNetCore.Http.HttpResults;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Application;

/// <summary>Deploy and purge: the lifecycle decides, <see cref="ProjectChange"/> stores.</summary>
public static class ApplicationEndpoints
{
    /// <param name="owned">A group behind <see cref="OwnedProject.FilterAsync"/>.</param>
    public static RouteGroupBuilder MapApplication(this RouteGroupBuilder owned)
    {
        var group = owned.MapGroup("/application").WithTags("Application").AddEndpointFilter(UserRateLimits.Filter(UserLimit.Operation));
        group.MapPost("/", (HttpContext http, ProjectChange change, CancellationToken ct) => DeployAsync(OwnedProject.Of(http), change, ct))
            .WithName("DeployApplication").WithSummary("Deploy the generated application onto the infrastructure (asynchronous)").Problems(409, 429);
        group.MapDelete("/", (HttpContext http, ProjectChange change, CancellationToken ct) => PurgeAsync(OwnedProject.Of(http), change, ct))
            .WithName("PurgeApplication").WithSummary("Empty the bucket and reset the function (asynchronous)").Problems(409, 429);
        return owned;
    }

    /// <param name="project">The caller's own project, already loaded.</param>
    public static Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> DeployAsync(
        Project project, ProjectChange change, CancellationToken cancellationToken) =>
        change.RequestAsync(project, LifecycleRequest.Deploy, cancellationToken);

    /// <param name="project">The caller's own project, already loaded.</param>
    public static Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> PurgeAsync(
        Project project, ProjectChange change, CancellationToken cancellationToken) =>
        change.RequestAsync(project, LifecycleRequest.Purge, cancellationToken);
}
