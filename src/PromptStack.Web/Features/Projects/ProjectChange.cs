using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Engine;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

public sealed record OperationAccepted(Guid OperationId, ProjectDto Project);

/// <summary>
/// Asks the project's lifecycle about a request and, if it is accepted, stores it through
/// <see cref="ProjectRequests"/> (desired state, operation record and event, only if nobody changed
/// the project since it was read), then wakes the reconciler.
/// </summary>
public sealed class ProjectChange(PromptStackDbContext db, ReconcilerSignal signal, LifecycleLimits limits, TimeProvider clock)
{
    public LifecycleDecision Decide(Project project, LifecycleRequest request, int extendMinutes = 0) =>
        ProjectLifecycle.Decide(LifecycleState.Of(project), request, clock.GetUtcNow(), limits, extendMinutes);

    /// <summary>202 with the operation, 409 with the lifecycle's refusal, or 409 when another request got there first.</summary>
    public async Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> RequestAsync(
        Project project, LifecycleRequest request, CancellationToken cancellationToken)
    {
        var decision = Decide(project, request);
        if (decision.Change is not { } change)
        {
            return Problem(decision.Refusal!);
        }

        var operationId = await ProjectRequests.WriteAsync(db, project, change, clock.GetUtcNow(), cancellationToken);
        if (operationId is not { } op)
        {
            return Changed();
        }

        signal.Wake();
        var updated = (await ProjectViews.OwnedAsync(db, project.Id, project.OwnerId, cancellationToken))!;
        return TypedResults.Accepted($"/api/projects/{project.Id}", new OperationAccepted(op, ProjectDto.From(updated, clock.GetUtcNow())));
    }

    public Task<Project?> FindOwnedAsync(Guid id, Guid ownerId, CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking().Include(p => p.Resources).SingleOrDefaultAsync(p => p.Id == id && p.OwnerId == ownerId, cancellationToken);

    public static ProblemHttpResult Problem(Refusal refusal) =>
        TypedResults.Problem(title: refusal.Title, detail: refusal.Detail, statusCode: refusal.Status);

    public static ProblemHttpResult Changed() => TypedResults.Problem(title: "Project changed",
        detail: "Another request changed this project at the same moment. Reload and try again.", statusCode: StatusCodes.Status409Conflict);
}
