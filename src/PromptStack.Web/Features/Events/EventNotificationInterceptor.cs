using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PromptStack.Data.Entities;

namespace PromptStack.Web.Features.Events;

/// <summary>
/// Tells this instance's event streams about every project event written through EF Core (the only way the
/// platform writes events), once it is committed: after SaveChanges when no transaction is open, else when the
/// transaction commits. A stream woken before the commit would read nothing and then sleep past the event. Other
/// instances hear of it from the database (migration EventNotifyTrigger, <see cref="PostgresEventListener"/>).
/// </summary>
public sealed class EventNotificationInterceptor(EventSignal signal)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    // Per context (pooled contexts are reused, so the set is emptied at every commit or rollback).
    private readonly ConditionalWeakTable<DbContext, HashSet<Guid>> pending = [];

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Flush(eventData.Context);
        }

        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Flush(eventData.Context);
        }

        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // Events are only ever added through DbSet.Add, which tracks them as Added at once: no need for the full
        // DetectChanges pass that Entries() would run here, which SaveChanges runs right after anyway.
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        List<Guid> added;
        try
        {
            added = tracker.Entries<ProjectEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.ProjectId).ToList();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }

        if (added.Count > 0)
        {
            lock (pending)
            {
                pending.GetOrCreateValue(context).UnionWith(added);
            }
        }
    }

    private void Flush(DbContext? context)
    {
        List<Guid> projectIds;
        lock (pending)
        {
            if (context is null || !pending.TryGetValue(context, out var set) || set.Count == 0)
            {
                return;
            }

            projectIds = [.. set];
            set.Clear();
        }

        signal.Publish(projectIds);
    }

    private void Discard(DbContext? context)
    {
        lock (pending)
        {
            if (context is not null && pending.TryGetValue(context, out var set))
            {
                set.Clear();
            }
        }
    }
}
