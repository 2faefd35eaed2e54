using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PromptStack.Data;

namespace PromptStack.Web.Infrastructure.ReadCache;

/// <summary>
/// Moves <see cref="ChangeVersions"/> for every write through EF Core (SaveChanges, ExecuteUpdate, raw SQL) that
/// touches cached tables: once when the statement has run and, in a transaction, again when it commits. The first
/// keeps a writer from reading its own stale cache before the commit; the second discards whatever other requests
/// cached from the old committed rows in between. A write to projects or resources under an
/// <see cref="OwnerScope"/> moves only its owner's counter.
/// </summary>
public sealed class ChangeInterceptor(ChangeVersions versions) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private sealed class Pending
    {
        public ChangedData Changed;
        public HashSet<Guid>? Owners;
    }

    private readonly ConditionalWeakTable<DbTransaction, Pending> pending = [];

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    // An update or delete that matched no row changed nothing: background loops (claims, the reaper's scans) run
    // such statements all the time, and counting them would empty the caches for nothing.
    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (result != 0)
        {
            Note(command);
        }

        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (result != 0)
        {
            Note(command);
        }

        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction);
        return Task.CompletedTask;
    }

    private void Note(DbCommand command)
    {
        var changed = ChangeVersions.Of(command.CommandText);
        if (changed == ChangedData.None)
        {
            return;
        }

        var owner = changed == ChangedData.Projects ? OwnerScope.Current : null;
        Bump(changed, owner);
        if (command.Transaction is { } transaction)
        {
            var marks = pending.GetOrCreateValue(transaction);
            lock (marks)
            {
                if (owner is { } one)
                {
                    (marks.Owners ??= []).Add(one);
                }
                else
                {
                    marks.Changed |= changed;
                }
            }
        }
    }

    private void Bump(ChangedData changed, Guid? owner)
    {
        if (owner is { } one)
        {
            versions.BumpProjectsOf(one);
        }
        else
        {
            versions.Bump(changed);
        }
    }

    // A rollback moves the counters too: harmless, and it needs no case of its own.
    private void Ended(DbTransaction transaction)
    {
        if (pending.TryGetValue(transaction, out var marks))
        {
            pending.Remove(transaction);
            lock (marks)
            {
                versions.Bump(marks.Changed);
                foreach (var owner in marks.Owners ?? [])
                {
                    versions.BumpProjectsOf(owner);
                }
            }
        }
    }
}
