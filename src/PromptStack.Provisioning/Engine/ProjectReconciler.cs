using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromptStack.Data;
using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Moves projects toward their desired state. A project is claimed with a database lease (a
/// conditional update: one row changed means this instance owns it), so several instances on one
/// database never work on the same project at once, and a dead instance's work is taken over when
/// its lease expires.
/// </summary>
public sealed class ProjectReconciler(
    IServiceScopeFactory scopes, IEnumerable<IResourceDriver> drivers, IApplicationDeployer deployer,
    EngineOptions options, ReconcilerFaults faults, TimeProvider clock, ILogger<ProjectReconciler> logger)
{
    private readonly Dictionary<string, IResourceDriver> driversByKind = drivers.ToDictionary(d => d.Kind);

    /// <summary>Projects with pending work or a due drift check whose lease is free: requests first, oldest first.</summary>
    public async Task<List<Guid>> FindPendingAsync(int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var now = clock.GetUtcNow();
        return await db.Projects.AsNoTracking()
            .Where(p => (p.Generation != p.ReconciledGeneration || p.ResyncAt <= now) && (p.LeasedUntil == null || p.LeasedUntil < now))
            .OrderBy(p => p.Generation == p.ReconciledGeneration)
            .ThenBy(p => p.InfrastructureUpdatedAt)
            .Select(p => p.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Works on one project if its lease can be taken; false when another instance holds it.</summary>
    public async Task<bool> TryProcessAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (!await TryClaimAsync(projectId, cancellationToken))
        {
            return false;
        }

        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var renewal = new Timer(_ => _ = RenewAsync(projectId, leaseLost), null, options.LeaseDuration / 3, options.LeaseDuration / 3);
        try
        {
            await ProcessClaimedAsync(projectId, leaseLost.Token);
        }
        catch (SimulatedCrashException ex)
        {
            // A crash writes nothing: the lease is left to expire, as it would be by a dead process.
            logger.LogWarning("{Message} for project {ProjectId}.", ex.Message, projectId);
            await renewal.DisposeAsync();
            return true;
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Lost the lease on project {ProjectId}; another instance will finish it.", projectId);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Reconciling project {ProjectId} failed.", projectId);
        }

        await renewal.DisposeAsync();
        await ReleaseAsync(projectId);
        return true;
    }

    private async Task ProcessClaimedAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var resynced = false;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            var project = await db.Projects.Include(p => p.Resources).SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken);
            if (project is null)
            {
                return;
            }

            if (project.Generation == project.ReconciledGeneration)
            {
                if (resynced || project.ResyncAt is not { } due || due > clock.GetUtcNow())
                {
                    return;
                }

                // No request is pending: the claim was for a drift check. Its events belong to no user operation.
                using var resyncWriter = new ProjectWriter(db, clock);
                await new ProjectResync(project, resyncWriter, driversByKind, deployer, options, faults, clock).RunAsync(cancellationToken);
                resynced = true;

                // Go round once more: a request that arrived during the check is taken under this same lease.
                continue;
            }

            var generation = project.Generation;
            using var writer = new ProjectWriter(db, clock) { OperationId = project.CurrentOperationId };
            var work = new ProjectWork(project, writer, driversByKind, deployer, options, faults, clock);
            var error = await work.RunAsync(cancellationToken);
            await work.FinishOperationAsync(error, cancellationToken);

            var resyncAt = ResyncSchedule.Next(project, clock.GetUtcNow(), options.ResyncInterval);
            var done = await db.Projects.Where(p => p.Id == projectId && p.Generation == generation)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ReconciledGeneration, generation).SetProperty(p => p.ResyncAt, resyncAt), cancellationToken);
            if (done == 1)
            {
                return;
            }

            // A new request arrived while we worked: go round again with the new desired state.
        }
    }

    private async Task<bool> TryClaimAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var now = clock.GetUtcNow();
        var until = now + options.LeaseDuration;
        var claimed = await db.Projects
            .Where(p => p.Id == projectId && (p.Generation != p.ReconciledGeneration || p.ResyncAt <= now) && (p.LeasedUntil == null || p.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LeasedUntil, until).SetProperty(p => p.LeaseOwner, options.InstanceId), cancellationToken);
        return claimed == 1;
    }

    private async Task RenewAsync(Guid projectId, CancellationTokenSource leaseLost)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            var until = clock.GetUtcNow() + options.LeaseDuration;
            var renewed = await db.Projects.Where(p => p.Id == projectId && p.LeaseOwner == options.InstanceId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.LeasedUntil, until));
            if (renewed == 0)
            {
                await leaseLost.CancelAsync();
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not renew the lease on project {ProjectId}.", projectId);
        }
    }

    private async Task ReleaseAsync(Guid projectId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        await db.Projects.Where(p => p.Id == projectId && p.LeaseOwner == options.InstanceId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LeasedUntil, (DateTimeOffset?)null).SetProperty(p => p.LeaseOwner, (string?)null));
    }
}
