using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Lifecycle;

/// <summary>
/// Stores an accepted request: the new desired state and generation (never an observed status), an
/// operation record and an event, in one transaction and only if nobody changed the project since it was read. The one writer of requests,
/// for users' requests and the reaper's alike.
/// </summary>
public static class ProjectRequests
{
    /// <returns>The new operation's id, or null when the project changed since <paramref name="seen"/> was read.</returns>
    public static async Task<Guid?> WriteAsync(
        PromptStackDbContext db, Project seen, DesiredChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var operationId = Guid.NewGuid();
        using var owner = OwnerScope.Of(seen.OwnerId); // only this project's rows: other users' cached lists stay
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Expiry is compared too: an extension does not bump the generation, and the reaper must not undo it.
        var changed = await db.Projects
            .Where(p => p.Id == seen.Id && p.Generation == seen.Generation && p.ExpiresAt == seen.ExpiresAt)
            .ExecuteUpdateAsync(s =>
            {
                if (change.InfrastructureDesired is { } infraDesired)
                {
                    s.SetProperty(p => p.InfrastructureDesired, infraDesired);
                }

                if (change.ApplicationDesired is { } appDesired)
                {
                    s.SetProperty(p => p.ApplicationDesired, appDesired);
                }

                if (change.ApplicationTargetVersion is { } targetVersion)
                {
                    s.SetProperty(p => p.ApplicationTargetVersion, targetVersion);
                }

                if (change.SetsDestroyReason)
                {
                    s.SetProperty(p => p.DestroyReason, change.DestroyReason);
                }

                if (change.ExpiresAt is { } expiresAt)
                {
                    s.SetProperty(p => p.ExpiresAt, expiresAt);
                }

                s.SetProperty(p => p.Generation, p => p.Generation + 1).SetProperty(p => p.CurrentOperationId, operationId);
            }, cancellationToken);
        if (changed == 0)
        {
            return null;
        }

        await Operations.SupersedeAsync(db, seen.CurrentOperationId, now, cancellationToken);
        db.Operations.Add(new OperationRecord { Id = operationId, ProjectId = seen.Id, Kind = change.Operation, StartedAt = now });
        db.ProjectEvents.Add(new ProjectEvent
        {
            ProjectId = seen.Id, At = now, Level = change.Level, Operation = change.Operation, OperationId = operationId, Message = change.Message,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return operationId;
    }
}
