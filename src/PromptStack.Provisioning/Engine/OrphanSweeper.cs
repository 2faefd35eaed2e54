using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromptStack.Blueprints;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.Provisioning.Engine;

public sealed record SweepResult(int Found, int Deleted, int Failed);

/// <summary>
/// Finds resources carrying the platform's tags that no project owns (crash leftovers, resources of
/// deleted projects) and deletes them. The cloud is listed before the database is read: every
/// resource row is saved before its resource is created, so anything listed that is still owned
/// is certain to be seen as owned.
/// </summary>
public sealed class OrphanSweeper(
    IServiceScopeFactory scopes, IEnumerable<IResourceDriver> drivers, EngineOptions options, TimeProvider clock, ILogger<OrphanSweeper> logger)
{
    // Dependents before what they depend on.
    private static readonly string[] DeleteOrder =
        [ResourceKinds.HttpApi, ResourceKinds.LambdaFunction, ResourceKinds.IamRole, ResourceKinds.DynamoDbTable, ResourceKinds.S3Bucket];

    public async Task<SweepResult> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var found = new List<ManagedResource>();
        var byKind = drivers.ToDictionary(d => d.Kind);
        foreach (var driver in byKind.Values)
        {
            try
            {
                found.AddRange(await driver.ListManagedAsync(cancellationToken));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not list {Kind} resources for the orphan sweep.", driver.Kind);
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var rows = await db.Resources.AsNoTracking()
            .Where(r => r.Status != ResourceStatus.Deleted)
            .Select(r => new { r.ProjectId, r.Kind, r.PhysicalId, r.AttributesJson })
            .ToListAsync(cancellationToken);
        var owned = rows.Select(r => (r.Kind, r.PhysicalId, r.ProjectId, Id: IdOf(r.AttributesJson))).ToList();

        var cutoff = clock.GetUtcNow() - options.OrphanGracePeriod;
        var orphans = found
            .Where(f => f.CreatedAt is null || f.CreatedAt <= cutoff)
            .Where(f => !owned.Any(o => o.Kind == f.Kind && o.PhysicalId == f.PhysicalId && o.ProjectId == f.ProjectId &&
                                        (f.Identifier == f.PhysicalId || o.Id is null || o.Id == f.Identifier)))
            .OrderBy(f => Array.IndexOf(DeleteOrder, f.Kind))
            .ToList();

        int deleted = 0, failed = 0;
        foreach (var orphan in orphans)
        {
            try
            {
                await byKind[orphan.Kind].DeleteAsync(new ResourceContext
                {
                    ProjectId = orphan.ProjectId ?? Guid.Empty,
                    UserId = orphan.UserId ?? Guid.Empty,
                    LogicalName = "orphan",
                    PhysicalName = orphan.PhysicalId,
                    Tags = new Dictionary<string, string>(),
                    SavedAttributes = new Dictionary<string, string> { ["apiId"] = orphan.Identifier },
                }, cancellationToken);
                deleted++;
                EngineMetrics.Orphans.Add(1, new KeyValuePair<string, object?>("kind", orphan.Kind), new KeyValuePair<string, object?>("outcome", "deleted"));
                logger.LogInformation("Deleted orphaned {Kind} {Name} of project {ProjectId}.", orphan.Kind, orphan.PhysicalId, orphan.ProjectId);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failed++;
                EngineMetrics.Orphans.Add(1, new KeyValuePair<string, object?>("kind", orphan.Kind), new KeyValuePair<string, object?>("outcome", "failed"));
                logger.LogWarning(ex, "Could not delete orphaned {Kind} {Name}.", orphan.Kind, orphan.PhysicalId);
            }
        }

        await CleanupCounters.AddAsync(db, "orphansFound", orphans.Count, cancellationToken);
        await CleanupCounters.AddAsync(db, "orphansDeleted", deleted, cancellationToken);
        await CleanupCounters.AddAsync(db, "orphansFailed", failed, cancellationToken);
        return new SweepResult(orphans.Count, deleted, failed);
    }

    private static string? IdOf(string attributesJson) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(attributesJson)?.GetValueOrDefault("apiId");
}
