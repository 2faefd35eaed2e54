using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Writes a project's observed status together with the event that tells it (an error when there is one), in one
/// transaction: whoever sees the status also sees its event, and a step costs one commit, not two.
/// </summary>
internal sealed class ProjectStatus(Project project, ProjectWriter writer, TimeProvider clock)
{
    // Set once a final status write of this pass has committed the operation's close, so finishing needs no read.
    private bool operationClosed;

    /// <param name="final">
    /// The last status of this pass: the operation record is closed in the same write, so whoever
    /// sees the status also sees the operation finished in the statistics.
    /// </param>
    /// <param name="alsoChange">Other changes of the same step (outputs, versions), committed with the status.</param>
    /// <param name="alsoWrite">Other writes of the same step that need the database (rows removed, counters), committed with the status.</param>
    public async Task SetInfrastructureAsync(
        InfrastructureStatus status, string? error, StatusEvent told, CancellationToken cancellationToken, bool final = false, Action? alsoChange = null,
        Func<PromptStackDbContext, Task>? alsoWrite = null)
    {
        var record = final ? await OpenOperationAsync(cancellationToken) : null;
        await writer.WriteAsync(async db =>
        {
            if (alsoWrite is not null)
            {
                await alsoWrite(db);
            }

            alsoChange?.Invoke();
            project.InfrastructureStatus = status;
            project.InfrastructureError = Trim(error);
            project.InfrastructureUpdatedAt = clock.GetUtcNow();
            Close(record, error);
            writer.AddEvent(db, project.Id, told.Operation, told.Message, error is null ? "info" : "error");
            return 0;
        }, cancellationToken);
        operationClosed |= record is not null;
    }

    public async Task SetApplicationAsync(
        ApplicationStatus status, string? error, StatusEvent told, CancellationToken cancellationToken, bool final = false, Action? alsoChange = null)
    {
        var record = final ? await OpenOperationAsync(cancellationToken) : null;
        await writer.WriteAsync(db =>
        {
            alsoChange?.Invoke();
            project.ApplicationStatus = status;
            project.ApplicationError = Trim(error);
            Close(record, error);
            writer.AddEvent(db, project.Id, told.Operation, told.Message, error is null ? "info" : "error");
        }, cancellationToken);
        operationClosed |= record is not null;
    }

    private async Task<OperationRecord?> OpenOperationAsync(CancellationToken cancellationToken)
    {
        if (project.CurrentOperationId is not { } operationId)
        {
            return null;
        }

        var record = await writer.ReadAsync(db => db.Operations.SingleOrDefaultAsync(o => o.Id == operationId, cancellationToken), cancellationToken);
        return record is { FinishedAt: null } ? record : null;
    }

    private void Close(OperationRecord? record, string? error)
    {
        if (record is not null)
        {
            record.FinishedAt = clock.GetUtcNow();
            record.Succeeded = error is null;
            record.Error = Trim(error);
        }
    }

    private static string? Trim(string? error) => error is { Length: > 2000 } ? error[..2000] : error;

    /// <summary>Closes the operation record, if no final status write has closed it yet.</summary>
    public async Task FinishOperationAsync(string? error, CancellationToken cancellationToken)
    {
        if (operationClosed)
        {
            return;
        }

        var record = await OpenOperationAsync(cancellationToken);
        if (record is not null)
        {
            await writer.WriteAsync(_ => Close(record, error), cancellationToken);
        }
    }
}

/// <summary>The event written with a status: the operation it belongs to and what it says.</summary>
internal readonly record struct StatusEvent(string Operation, string Message);
