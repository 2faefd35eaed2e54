using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;

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

        // Atomic increment; the insert covers the first use (a racing insert loses to the unique key and retries the update).
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var updated = await db.CleanupCounters.Where(c => c.Name == name)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + amount), cancellationToken);
            if (updated == 1)
            {
                return;
            }

            // Inside a caller's transaction (a fenced write of the reconciler), a failed insert must not abort it on PostgreSQL.
            var transaction = db.Database.CurrentTransaction;
            if (transaction is not null)
            {
                await transaction.CreateSavepointAsync(nameof(CleanupCounters), cancellationToken);
            }

            var counter = new CleanupCounter { Name = name, Value = amount };
            try
            {
                db.CleanupCounters.Add(counter);
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException)
            {
                db.Entry(counter).State = EntityState.Detached;
                if (transaction is not null)
                {
                    await transaction.RollbackToSavepointAsync(nameof(CleanupCounters), cancellationToken);
                }
            }
        }
    }
}
