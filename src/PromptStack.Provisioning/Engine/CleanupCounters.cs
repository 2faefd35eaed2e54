using Microsoft.EntityFrameworkCore;
using PromptStack.Data;

namespace PromptStack.Provisioning.Engine;

/// <summary>Increments the named cleanup counters shown in the admin statistics.</summary>
public static class CleanupCounters
{
    /// <summary>Resources a drift check found missing or changed.</summary>
    public const string DriftFound = "driftFound";

    /// <summary>Of those, the ones it recreated or put back.</summary>
    public const string DriftRepaired = "driftRepaired";

    public static async Task AddAsync(PromptStackDbContext db, string name, long amount, CancellationToken cancellationToken)
    {
        if (amount == 0)
        {
            return;
        }

        // One atomic upsert (the same SQL on SQLite and PostgreSQL): two instances counting the first event of a
        // name at once both succeed, and a caller's transaction (a fenced write of the reconciler) is never aborted.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO cleanup_counters ("Name", "Value") VALUES ({name}, {amount})
            ON CONFLICT ("Name") DO UPDATE SET "Value" = cleanup_counters."Value" + excluded."Value"
            """, cancellationToken);
    }
}
