using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Alerts;

/// <summary>
/// Finds the alerts that are due (expiry reminders, cost thresholds, failed cleanups) and raises each once; what is
/// due is read from the projects, operations and counters alone, so any instance may look at any time.
/// </summary>
public sealed class AlertScanner(
    IServiceScopeFactory scopes, AlertOptions options, PlatformOptions limits, TimeProvider clock, ILogger<AlertScanner> logger)
{
    /// <summary>
    /// Reminders this long before the automatic purge and destroy, latest first; the earlier one is the lifecycle's
    /// warning lead, which the project's log event and the page's banner use too.
    /// </summary>
    public static readonly TimeSpan[] ReminderLeads = [TimeSpan.FromMinutes(1), ProjectLifecycle.ExpiryWarningLead];

    /// <summary>Percentages of the per-user monthly cost cap, highest first.</summary>
    public static readonly int[] CostThresholds = [100, 80, 50];

    /// <summary>Failed cleanups older than this are not reported (a new install does not page for last year's).</summary>
    private static readonly TimeSpan FailureLookback = TimeSpan.FromDays(1);

    private const string Superseded = "Superseded by a newer request.";

    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var now = clock.GetUtcNow();
        var alerts = new List<AlertMessage>();
        alerts.AddRange(await ExpiryRemindersAsync(db, now, cancellationToken));
        alerts.AddRange(await CostAlertsAsync(db, now, cancellationToken));
        alerts.AddRange(await CleanupFailuresAsync(db, now, cancellationToken));

        // Most are raised already: skip those without a write (a write takes SQLite's one lock).
        var keys = alerts.Select(a => a.Key).ToList();
        var raisedBefore = await db.AlertClaims.AsNoTracking().Where(c => keys.Contains(c.Key)).Select(c => c.Key).ToListAsync(cancellationToken);
        var raised = 0;
        foreach (var alert in alerts.Where(a => !raisedBefore.Contains(a.Key)))
        {
            if (await AlertClaims.TryRaiseAsync(db, alert, options, now, cancellationToken))
            {
                raised++;
                if (alert.ForOperators)
                {
                    logger.LogWarning("Operator alert: {Title}: {Message}", alert.Title, alert.Message);
                }
            }
        }

        return raised;
    }

    private static async Task<List<AlertMessage>> ExpiryRemindersAsync(PromptStackDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var horizon = now + ReminderLeads[^1];
        var soon = await db.Projects.AsNoTracking()
            .Where(p => p.ExpiresAt != null && p.ExpiresAt > now && p.ExpiresAt <= horizon && p.InfrastructureDesired == DesiredState.Present)
            .Join(db.Users, p => p.OwnerId, u => u.Id, (p, u) => new { p.Id, p.Name, p.OwnerId, ExpiresAt = p.ExpiresAt!.Value, u.Email })
            .ToListAsync(cancellationToken);
        return soon.Select(p =>
        {
            // Only the nearest reminder: a project found with 40 seconds left gets the 1-minute one, not both.
            var lead = ReminderLeads.First(l => p.ExpiresAt - now <= l);
            var minutes = (int)lead.TotalMinutes;
            var at = p.ExpiresAt.ToUniversalTime().ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);
            return new AlertMessage(
                $"expiry:{p.Id:N}:{p.ExpiresAt.UtcTicks}:{minutes}", AlertMessage.ExpiryReminder,
                $"'{p.Name}' will be removed in {minutes} minute{(minutes == 1 ? "" : "s")}",
                $"The time of project '{p.Name}' is up at {at}: its application will be purged and its infrastructure destroyed " +
                "automatically. Extend it on its page to keep it.")
            {
                UserId = p.OwnerId, Email = p.Email, ProjectId = p.Id,
            };
        }).ToList();
    }

    private async Task<List<AlertMessage>> CostAlertsAsync(PromptStackDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cap = limits.MaxTotalMonthlyCost;
        if (cap <= 0)
        {
            return [];
        }

        // The same total the cost cap is checked against (and /api/me shows): every project's estimated monthly cost.
        var costs = await db.Projects.AsNoTracking().Where(p => p.EstimatedMonthlyCost > 0)
            .Select(p => new { p.OwnerId, p.EstimatedMonthlyCost }).ToListAsync(cancellationToken);
        var month = now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var alerts = new List<AlertMessage>();
        foreach (var user in costs.GroupBy(c => c.OwnerId))
        {
            var total = user.Sum(c => c.EstimatedMonthlyCost);
            var passed = CostThresholds.Where(t => total * 100 >= cap * t).ToList();
            if (passed.Count == 0)
            {
                continue;
            }

            var email = await db.Users.Where(u => u.Id == user.Key).Select(u => u.Email).SingleAsync(cancellationToken);
            var threshold = passed[0];
            alerts.Add(new AlertMessage(CostKey(user.Key, month, threshold), AlertMessage.CostAlert,
                $"Estimated cost at {threshold}% of your monthly limit",
                $"Your projects are estimated at {Format.Money(total)}/month, {threshold}% of your limit of {Format.Money(cap)}/month." +
                (threshold >= 100 ? " New projects will be refused until you delete some." : ""))
            {
                UserId = user.Key, Email = email,
                AlsoClaims = [.. passed.Skip(1).Select(t => CostKey(user.Key, month, t))],
            });
        }

        return alerts;
    }

    // Once per threshold per calendar month: a limit on monthly cost warns again next month.
    private static string CostKey(Guid userId, string month, int threshold) => $"cost:{userId:N}:{month}:{threshold}";

    private static async Task<List<AlertMessage>> CleanupFailuresAsync(PromptStackDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - FailureLookback;
        var failed = await db.Operations.AsNoTracking()
            .Where(o => o.Succeeded == false && (o.Kind == "destroy" || o.Kind == "purge") && o.FinishedAt >= since && o.Error != Superseded)
            .Join(db.Projects, o => o.ProjectId, p => p.Id, (o, p) => new { o.Id, o.Kind, o.Error, p.Name, ProjectId = p.Id, p.OwnerId })
            .ToListAsync(cancellationToken);
        var alerts = failed.Select(o => new AlertMessage($"op-failed:{o.Id:N}", AlertMessage.CleanupFailed,
            $"{(o.Kind == "destroy" ? "Destroy" : "Purge")} failed: project {o.Name}",
            $"Project {o.ProjectId} ('{o.Name}') of user {o.OwnerId}: {AlertClaims.Truncate(o.Error ?? "no error recorded", 1500)}")).ToList();

        // The sweeper keeps a running count of the orphans it could not delete: each new total is reported once.
        var orphansFailed = await db.CleanupCounters.AsNoTracking().Where(c => c.Name == "orphansFailed").Select(c => c.Value).SingleOrDefaultAsync(cancellationToken);
        if (orphansFailed > 0)
        {
            alerts.Add(new AlertMessage($"orphans-failed:{orphansFailed}", AlertMessage.CleanupFailed, "Orphan sweep could not delete resources",
                $"The orphan sweeper has failed to delete {orphansFailed} orphaned resource(s) in all; the server log names them."));
        }

        return alerts;
    }
}
