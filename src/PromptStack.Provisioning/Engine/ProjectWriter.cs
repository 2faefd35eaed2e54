using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Every write of one project's run. Writes are serialised (resource tasks run in parallel but share one
/// DbContext, which is not thread-safe) and fenced: each commits only while this instance still holds the
/// lease it claimed, so an instance that paused past its lease writes nothing after another took over.
/// </summary>
internal sealed class ProjectWriter : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly PromptStackDbContext db;
    private readonly Project project;
    private readonly ProjectLease lease;
    private readonly TimeProvider clock;

    /// <param name="project">The project, tracked by <paramref name="db"/>: the fence is an update of its row.</param>
    public ProjectWriter(PromptStackDbContext db, Project project, ProjectLease lease, TimeProvider clock)
    {
        if (project.Id != lease.ProjectId || db.Entry(project).State == EntityState.Detached)
        {
            throw new ArgumentException("The writer needs the leased project, tracked by its context.", nameof(project));
        }

        this.db = db;
        this.project = project;
        this.lease = lease;
        this.clock = clock;

        // A failed write rolls its whole transaction back, so EF's savepoint around SaveChanges would only add round trips.
        db.Database.AutoSavepointsEnabled = false;
    }

    /// <summary>The operation whose work this is; its id goes on every event written.</summary>
    public Guid? OperationId { get; init; }

    public Task WriteAsync(Action<PromptStackDbContext> change, CancellationToken cancellationToken) =>
        WriteAsync(d =>
        {
            change(d);
            return Task.FromResult(0);
        }, cancellationToken);

    /// <summary>
    /// Checks the lease, runs <paramref name="write"/> and saves the tracked changes, all in one transaction.
    /// Throws <see cref="OperationCanceledException"/>, writing nothing, once the work is stopped or the lease
    /// was taken over (the work is then stopped too, as when a renewal finds the lease gone).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<PromptStackDbContext, Task<T>> write, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            lease.Token.ThrowIfCancellationRequested();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await write(db);

            // The fence goes with the write's own statements: the project row's epoch is "updated" to itself,
            // and LeaseEpoch being a concurrency token, the update matches only while our claim stands (every
            // claim raises the epoch). Being a write, it also keeps a claim from slipping in before our commit:
            // on PostgreSQL it holds the project row's lock, and a claim (an update of that row) waits for our
            // commit and then re-reads the row; on SQLite the transaction (BEGIN IMMEDIATE) holds the
            // database's single write lock from its start. So a claim comes either wholly before this write,
            // which then finds a new epoch and rolls back, or wholly after it.
            var epoch = db.Entry(project).Property(p => p.LeaseEpoch);
            epoch.OriginalValue = lease.Epoch;
            epoch.CurrentValue = lease.Epoch;
            epoch.IsModified = true;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException lost) when (lost.Entries.Any(e => e.Entity == project))
            {
                lease.Lose();
                throw new OperationCanceledException(
                    $"Write refused: this instance no longer holds the lease on project {lease.ProjectId} (epoch {lease.Epoch}).", lost, lease.Token);
            }

            // Work stopped meanwhile (abandoned, host stopping) commits nothing more.
            lease.Token.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    public Task EventAsync(Guid projectId, string operation, string message, string level = "info", CancellationToken cancellationToken = default) =>
        WriteAsync(d => AddEvent(d, projectId, operation, message, level), cancellationToken);

    /// <summary>Adds an event to a write in progress (inside <see cref="WriteAsync{T}"/>), to commit with it.</summary>
    public void AddEvent(PromptStackDbContext context, Guid projectId, string operation, string message, string level) =>
        context.ProjectEvents.Add(new ProjectEvent
        {
            ProjectId = projectId, At = clock.GetUtcNow(), Level = level, Operation = operation, OperationId = OperationId,
            Message = message.Length > 2000 ? message[..2000] : message,
        });

    public async Task<T> ReadAsync<T>(Func<PromptStackDbContext, Task<T>> read, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await read(db);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
