using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Serialises the writes of one project's run: resource tasks run in parallel but share one
/// DbContext, which is not thread-safe.
/// </summary>
internal sealed class ProjectWriter(PromptStackDbContext db, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public PromptStackDbContext Db => db;

    /// <summary>The operation whose work this is; its id goes on every event written.</summary>
    public Guid? OperationId { get; init; }

    public async Task WriteAsync(Action<PromptStackDbContext> change, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            change(db);
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public Task EventAsync(Guid projectId, string operation, string message, string level = "info", CancellationToken cancellationToken = default) =>
        WriteAsync(d => d.ProjectEvents.Add(new ProjectEvent
        {
            ProjectId = projectId, At = clock.GetUtcNow(), Level = level, Operation = operation, OperationId = OperationId,
            Message = message.Length > 2000 ? message[..2000] : message,
        }), cancellationToken);

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
