using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Web.Features.Projects;

public sealed record OperationAccepted(Guid OperationId, ProjectDto Project);

/// <summary>
/// Stores a request for work: the new desired state, an operation record and an event, in one
/// transaction and only if nobody changed the project since it was read; then wakes the reconciler.
/// </summary>
public sealed class ProjectChange(PromptStackDbContext db, ReconcilerSignal signal, TimeProvider clock)
{
    public async Task<Guid?> RequestAsync(
        Project seen, string operation, string message,
        Action<UpdateSettersBuilder<Project>> desired,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var operationId = Guid.NewGuid();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.Projects
            .Where(p => p.Id == seen.Id && p.Generation == seen.Generation)
            .ExecuteUpdateAsync(desired, cancellationToken);
        if (changed == 0)
        {
            return null;
        }

        await db.Projects.Where(p => p.Id == seen.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Generation, p => p.Generation + 1)
                .SetProperty(p => p.CurrentOperationId, operationId), cancellationToken);
        await Operations.SupersedeAsync(db, seen.CurrentOperationId, now, cancellationToken);
        db.Operations.Add(new OperationRecord { Id = operationId, ProjectId = seen.Id, Kind = operation, StartedAt = now });
        db.ProjectEvents.Add(new ProjectEvent { ProjectId = seen.Id, At = now, Operation = operation, OperationId = operationId, Message = message });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Wake();
        return operationId;
    }

    public Task<Project?> FindOwnedAsync(Guid id, Guid ownerId, CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking().Include(p => p.Resources).SingleOrDefaultAsync(p => p.Id == id && p.OwnerId == ownerId, cancellationToken);

    /// <summary>202 with the operation and the project as it is now, or 409 when another request got there first.</summary>
    public async Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> AcceptedAsync(Guid id, Guid? operationId, CancellationToken cancellationToken)
    {
        if (operationId is not { } op)
        {
            return TypedResults.Problem(title: "Project changed",
                detail: "Another request changed this project at the same moment. Reload and try again.", statusCode: StatusCodes.Status409Conflict);
        }

        var project = await db.Projects.AsNoTracking().Include(p => p.Resources).SingleAsync(p => p.Id == id, cancellationToken);
        return TypedResults.Accepted($"/api/projects/{id}", new OperationAccepted(op, ProjectDto.From(project, clock.GetUtcNow())));
    }
}
