using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromptStack.Data;
using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Asks for the purge and destruction of every stack whose time is up. The platform does both in
/// one go (no purge-first refusal for it); the reconciler purges before it destroys.
/// </summary>
public sealed class TtlReaper(IServiceScopeFactory scopes, ReconcilerSignal signal, TimeProvider clock, ILogger<TtlReaper> logger)
{
    public async Task<int> ReapOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var now = clock.GetUtcNow();
        var expired = await db.Projects.AsNoTracking()
            .Where(p => p.ExpiresAt != null && p.ExpiresAt <= now && p.InfrastructureDesired == DesiredState.Present)
            .Select(p => new { p.Id, p.CurrentOperationId })
            .ToListAsync(cancellationToken);

        var reaped = 0;
        foreach (var project in expired)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var operationId = Guid.NewGuid();
            var changed = await db.Projects
                .Where(p => p.Id == project.Id && p.ExpiresAt != null && p.ExpiresAt <= now && p.InfrastructureDesired == DesiredState.Present)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.InfrastructureDesired, DesiredState.Absent)
                    .SetProperty(p => p.ApplicationDesired, DesiredState.Absent)
                    .SetProperty(p => p.DestroyReason, "expired")
                    .SetProperty(p => p.CurrentOperationId, operationId)
                    .SetProperty(p => p.Generation, p => p.Generation + 1), cancellationToken);
            if (changed == 0)
            {
                continue; // extended or destroyed meanwhile
            }

            await Operations.SupersedeAsync(db, project.CurrentOperationId, now, cancellationToken);
            db.Operations.Add(new OperationRecord { Id = operationId, ProjectId = project.Id, Kind = "destroy", StartedAt = now });
            db.ProjectEvents.Add(new ProjectEvent
            {
                ProjectId = project.Id, At = now, Level = "warning", Operation = "destroy", OperationId = operationId,
                Message = "Time is up: purging the application and destroying the infrastructure.",
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            reaped++;
        }

        if (reaped > 0)
        {
            logger.LogInformation("{Count} expired stacks queued for destruction.", reaped);
            signal.Wake();
        }

        return reaped;
    }
}
