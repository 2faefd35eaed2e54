using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Provisioning.Engine;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Web.Features.Projects;

namespace PromptStack.Web.Features.Admin;

public sealed record OperationStats(int Succeeded, int Failed, double AverageSeconds);

public sealed record CleanupStats(long ExpiredDestroyed, long OrphansFound, long OrphansDeleted, double SuccessRate);

/// <summary>Resources the periodic resync found missing or changed, and how many of them it put right.</summary>
public sealed record DriftStats(long Found, long Repaired);

public sealed record ProjectStats(int Total, IReadOnlyDictionary<string, int> ByInfrastructureStatus, IReadOnlyDictionary<string, int> ByApplicationStatus);

public sealed record StatsDto(
    int Users, ProjectStats Projects, decimal EstimatedMonthlyCost, decimal AccruedCost,
    IReadOnlyDictionary<string, OperationStats> Operations, CleanupStats Cleanup, DriftStats Drift);

public static class GetStats
{
    public static readonly string[] OperationKinds = ["provision", "deploy", "purge", "destroy"];

    public static async Task<IResult> HandleAsync(PromptStackDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var users = await db.Users.CountAsync(cancellationToken);
        var projects = await db.Projects.AsNoTracking().ToListAsync(cancellationToken);
        var operations = await db.Operations.AsNoTracking().Where(o => o.FinishedAt != null).ToListAsync(cancellationToken);
        var counters = await db.CleanupCounters.AsNoTracking().ToDictionaryAsync(c => c.Name, c => c.Value, cancellationToken);

        var byKind = OperationKinds.ToDictionary(k => k, k =>
        {
            var done = operations.Where(o => o.Kind == k).ToList();
            return new OperationStats(
                done.Count(o => o.Succeeded == true),
                done.Count(o => o.Succeeded == false),
                done.Count == 0 ? 0 : Math.Round(done.Average(o => (o.FinishedAt!.Value - o.StartedAt).TotalSeconds), 3));
        });

        long Counter(string name) => counters.GetValueOrDefault(name);
        var attempts = Counter("expiredDestroyed") + Counter("expiredFailed") + Counter("orphansDeleted") + Counter("orphansFailed");
        var cleanup = new CleanupStats(Counter("expiredDestroyed"), Counter("orphansFound"), Counter("orphansDeleted"),
            attempts == 0 ? 1.0 : Math.Round((double)(Counter("expiredDestroyed") + Counter("orphansDeleted")) / attempts, 4));

        return TypedResults.Ok(new StatsDto(
            users,
            new ProjectStats(projects.Count,
                projects.GroupBy(p => Camel(ShownStatus.Infrastructure(p).ToString())).ToDictionary(g => g.Key, g => g.Count()),
                projects.GroupBy(p => Camel(ShownStatus.Application(p).ToString())).ToDictionary(g => g.Key, g => g.Count())),
            projects.Sum(p => p.EstimatedMonthlyCost),
            Math.Round(projects.Sum(p => ProjectDto.AccruedCostOf(p, now)), 6),
            byKind, cleanup, new DriftStats(Counter(CleanupCounters.DriftFound), Counter(CleanupCounters.DriftRepaired))));
    }

    private static string Camel(string value) => char.ToLowerInvariant(value[0]) + value[1..];
}
