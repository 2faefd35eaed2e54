using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Moves projects toward their desired state. A project is claimed with a database lease (a
/// conditional update: one row changed means this instance owns it), so several instances on one
/// database never work on the same project at once, and a dead instance's work is taken over when
/// its lease expires. Every claim raises the project's lease epoch, and every write of the work checks
/// owner and epoch in its own transaction, so an instance that paused past its lease writes nothing
/// once another has claimed the project.
/// </summary>
public sealed class ProjectReconciler(
    IServiceScopeFactory scopes, IEnumerable<IResourceDriver> drivers, IApplicationDeployer deployer,
    EngineOptions options, ReconcilerFaults faults, ReconcilerSignal signal, TimeProvider clock, ILogger<ProjectReconciler> logger)
{
    private readonly Dictionary<string, IResourceDriver> driversByKind = drivers.ToDictionary(d => d.Kind);
    private readonly ConcurrentDictionary<Guid, ProjectLease> working = new();
    private readonly Lock sweepLock = new();
    private DateTimeOffset? lastSweep;

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
        if (await TryClaimAsync(projectId, cancellationToken) is not { } claim)
        {
            return false;
        }

        var (epoch, owner) = claim;

        // Everything written from here on (the lease's renewals too: the timer carries this context) is this owner's.
        using var ownerScope = OwnerScope.Of(owner);
        using var lease = new ProjectLease(projectId, options.InstanceId, epoch, cancellationToken);
        working[projectId] = lease;
        try
        {
            var renewEvery = options.LeaseDuration / 3;
            await using var renewal = new Timer(_ => _ = RenewAsync(lease), null, renewEvery, renewEvery);
            try
            {
                await ProcessClaimedAsync(lease);
            }
            catch (Exception) when (lease.Token.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Lost or abandoned: the work stopped without writing, and the lease is not released either.
                if (lease.Abandoned)
                {
                    logger.LogWarning("Abandoned the work on project {ProjectId}; its lease is left to expire.", projectId);
                }
                else
                {
                    logger.LogWarning("Lost the lease on project {ProjectId} (epoch {Epoch}); another instance will finish it.", projectId, epoch);
                }

                return true;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Reconciling project {ProjectId} failed.", projectId);
            }

            await renewal.DisposeAsync();
            await ReleaseAsync(lease);
            return true;
        }
        finally
        {
            working.TryRemove(KeyValuePair.Create(projectId, lease));
        }
    }

    /// <summary>
    /// Stops this instance's work on a project at once, as a dying process would: nothing more is written,
    /// not even the release of the lease, which is left to expire so that the work is taken up again. False
    /// when this instance is not working on the project.
    /// </summary>
    public bool Abandon(Guid projectId)
    {
        if (!working.TryGetValue(projectId, out var lease))
        {
            return false;
        }

        lease.Abandon();
        return true;
    }

    private async Task ProcessClaimedAsync(ProjectLease lease)
    {
        var cancellationToken = lease.Token;
        var resynced = false;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            var project = await db.Projects.Include(p => p.Resources).SingleOrDefaultAsync(p => p.Id == lease.ProjectId, cancellationToken);
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
                using var resyncWriter = new ProjectWriter(db, project, lease, clock);
                using (PlatformTelemetry.StartOperation(ProjectResync.Operation, project.Id, null))
                {
                    await EngineMetrics.MeasureAsync(ProjectResync.Operation, async () =>
                    {
                        await new ProjectResync(project, resyncWriter, driversByKind, deployer, options, faults, clock, CheckEveryProjectNowAsync)
                            .RunAsync(cancellationToken);
                        return null;
                    });
                }

                resynced = true;

                // Go round once more: a request that arrived during the check is taken under this same lease.
                continue;
            }

            var generation = project.Generation;
            using var writer = new ProjectWriter(db, project, lease, clock) { OperationId = project.CurrentOperationId };
            var work = new ProjectWork(project, writer, driversByKind, deployer, options, faults, clock);
            using (var operation = PlatformTelemetry.StartOperation("reconcile", project.Id, project.CurrentOperationId))
            {
                var error = await work.RunAsync(cancellationToken);
                await work.FinishOperationAsync(error, cancellationToken);
                operation?.SetStatus(error is null ? System.Diagnostics.ActivityStatusCode.Ok : System.Diagnostics.ActivityStatusCode.Error, error);
            }

            var resyncAt = ResyncSchedule.First(project, clock.GetUtcNow(), options.ResyncInterval);
            var done = await writer.WriteAsync(d => d.Projects.Where(p => p.Id == lease.ProjectId && p.Generation == generation)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ReconciledGeneration, generation).SetProperty(p => p.ResyncAt, resyncAt), cancellationToken),
                cancellationToken);
            if (done == 1)
            {
                return;
            }

            // A new request arrived while we worked: go round again with the new desired state.
        }
    }

    /// <summary>
    /// Called when a drift check found a whole stack gone, which usually means the account lost far more than one
    /// project (an emulator restarted empty, a cleanup run against the wrong account): every other deployed project
    /// is checked now rather than each at its own time over the next interval. At most once per interval on each
    /// instance, so the checks this starts, which find their stacks gone too, do not start it again.
    /// </summary>
    private async Task CheckEveryProjectNowAsync(Guid foundBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (sweepLock)
        {
            if (now - lastSweep < options.ResyncInterval)
            {
                return;
            }

            lastSweep = now;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        using var everyone = OwnerScope.Everyone(); // called from one project's work, it writes everyone's
        var brought = await db.Projects.Where(p => p.Id != foundBy && p.ResyncAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ResyncAt, now), cancellationToken);
        logger.LogWarning("Project {ProjectId}'s whole stack was gone: checking the other {Count} deployed projects now.", foundBy, brought);
        signal.Wake();
    }

    /// <summary>The epoch of the new claim and the project's owner, or null when the project is not pending or another instance holds it.</summary>
    private async Task<(long Epoch, Guid Owner)?> TryClaimAsync(Guid projectId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var now = clock.GetUtcNow();
        var until = now + options.LeaseDuration;

        // Compare-and-set on the epoch: the claim succeeds only from the epoch read, and so knows its own.
        var seen = await db.Projects.Where(p => p.Id == projectId).Select(p => new { p.LeaseEpoch, p.LeaseOwner, p.OwnerId }).SingleOrDefaultAsync(cancellationToken);
        if (seen is null)
        {
            return null;
        }

        var epoch = seen.LeaseEpoch;
        using var owner = OwnerScope.Of(seen.OwnerId);
        var claimed = await db.Projects
            .Where(p => p.Id == projectId && p.LeaseEpoch == epoch && (p.Generation != p.ReconciledGeneration || p.ResyncAt <= now) &&
                (p.LeasedUntil == null || p.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LeasedUntil, until).SetProperty(p => p.LeaseOwner, options.InstanceId)
                .SetProperty(p => p.LeaseEpoch, epoch + 1), cancellationToken);
        if (claimed != 1)
        {
            return null;
        }

        // A release clears the owner: one still set belonged to a claim whose lease ran out (an instance died or stalled).
        if (seen.LeaseOwner is not null)
        {
            EngineMetrics.LeaseTakeovers.Add(1);
        }

        return (epoch + 1, seen.OwnerId);
    }


    private async Task RenewAsync(ProjectLease lease)
    {
        if (lease.Token.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            var until = clock.GetUtcNow() + options.LeaseDuration;
            var renewed = await HeldBy(db, lease).ExecuteUpdateAsync(s => s.SetProperty(p => p.LeasedUntil, until));
            if (renewed == 0)
            {
                lease.Lose();
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not renew the lease on project {ProjectId}.", lease.ProjectId);
        }
    }

    private async Task ReleaseAsync(ProjectLease lease)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        await HeldBy(db, lease)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LeasedUntil, (DateTimeOffset?)null).SetProperty(p => p.LeaseOwner, (string?)null));
    }

    /// <summary>The project while this claim stands (owner and epoch), so a late renewal or release never touches a newer claim.</summary>
    private static IQueryable<Project> HeldBy(PromptStackDbContext db, ProjectLease lease) =>
        db.Projects.Where(p => p.Id == lease.ProjectId && p.LeaseOwner == lease.Owner && p.LeaseEpoch == lease.Epoch);
}
