using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Lifecycle;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Asks for the purge and destruction of every stack whose time is up, as the lifecycle's Expire
/// request says.
/// </summary>
public sealed class TtlReaper(
    IServiceScopeFactory scopes, ReconcilerSignal signal, LifecycleLimits limits, TimeProvider clock, ILogger<TtlReaper> logger)
{
    public async Task<int> ReapOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var now = clock.GetUtcNow();
        var expired = await db.Projects.AsNoTracking()
            .Where(p => p.ExpiresAt != null && p.ExpiresAt <= now && p.InfrastructureDesired == DesiredState.Present)
            .ToListAsync(cancellationToken);

        var reaped = 0;
        foreach (var project in expired)
        {
            // Resources are not loaded: whether the stack is expired does not depend on them.
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

        return reaped;
    }
}
