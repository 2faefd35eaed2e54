using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Lifecycle;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Asks for the purge and destruction of every stack whose time is up, as the lifecycle's Expire
/// request says, and warns in the project's log of those whose time is nearly up.
/// </summary>
public sealed class TtlReaper(
    IServiceScopeFactory scopes, ReconcilerSignal signal, LifecycleLimits limits, TimeProvider clock, ILogger<TtlReaper> logger)
{
    /// <summary>
    /// What the lifecycle decides expiry on (<see cref="LifecycleState.Of"/>) and a request's write compares
    /// (<see cref="ProjectRequests"/>): never the blueprint, tens of KB a project, which a pass over a thousand expired
    /// stacks would otherwise read in full on every instance.
    /// </summary>
    private static readonly Expression<Func<Project, Project>> LifecycleColumns = p => new Project
    {
        Id = p.Id, OwnerId = p.OwnerId, ExpiresAt = p.ExpiresAt, Generation = p.Generation, ReconciledGeneration = p.ReconciledGeneration,
        CurrentOperationId = p.CurrentOperationId, InfrastructureDesired = p.InfrastructureDesired, InfrastructureStatus = p.InfrastructureStatus,
        ApplicationDesired = p.ApplicationDesired, ApplicationStatus = p.ApplicationStatus, ApplicationVersion = p.ApplicationVersion,
        ApplicationTargetVersion = p.ApplicationTargetVersion,
    };

    public async Task<int> ReapOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var now = clock.GetUtcNow();
        var expired = await db.Projects.AsNoTracking()
            .Where(p => p.ExpiresAt != null && p.ExpiresAt <= now && p.InfrastructureDesired == DesiredState.Present)
            .Select(LifecycleColumns)
            .ToListAsync(cancellationToken);

        var reaped = 0;
        foreach (var project in expired)
        {
            // Resources are not loaded: whether the stack is expired does not depend on them.
            using var owner = OwnerScope.Of(project.OwnerId);
            var decision = ProjectLifecycle.Decide(LifecycleState.Of(project), LifecycleRequest.Expire, now, limits);
            if (decision.Change is { } change && await ProjectRequests.WriteAsync(db, project, change, now, cancellationToken) is not null)
            {
                reaped++; // else extended or destroyed meanwhile
            }
        }

        if (reaped > 0)
        {
            logger.LogInformation("{Count} expired stacks queued for destruction.", reaped);
            signal.Wake();
        }

        await WarnOnceAsync(db, now, cancellationToken);
        return reaped;
    }

    /// <summary>Writes the expiry warning event of each stack nearing its cleanup, once per expiry time across all instances.</summary>
    private static async Task WarnOnceAsync(PromptStackDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var horizon = now + ProjectLifecycle.ExpiryWarningLead;
        var nearing = await db.Projects.AsNoTracking()
            .Where(p => p.ExpiresAt != null && p.ExpiresAt > now && p.ExpiresAt <= horizon && p.InfrastructureDesired == DesiredState.Present &&
                        (p.ExpiryWarnedFor == null || p.ExpiryWarnedFor != p.ExpiresAt))
            .Select(LifecycleColumns)
            .ToListAsync(cancellationToken);
        foreach (var project in nearing)
        {
            if (ProjectLifecycle.ExpiryWarning(LifecycleState.Of(project), now) is not { } warning)
            {
                continue;
            }

            // The conditional update is the claim: of several instances (or an extension racing this), only the
            // one that changes the row writes the event, in the same transaction.
            using var owner = OwnerScope.Of(project.OwnerId);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await db.Projects
                .Where(p => p.Id == project.Id && p.ExpiresAt == project.ExpiresAt && p.InfrastructureDesired == DesiredState.Present &&
                            (p.ExpiryWarnedFor == null || p.ExpiryWarnedFor != project.ExpiresAt))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ExpiryWarnedFor, project.ExpiresAt), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            db.ProjectEvents.Add(new ProjectEvent { ProjectId = project.Id, At = now, Level = "warning", Operation = "expiry", Message = warning });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
