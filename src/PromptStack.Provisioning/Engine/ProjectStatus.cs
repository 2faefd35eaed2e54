using Microsoft.EntityFrameworkCore;
using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Engine;

/// <summary>Writes a project's observed status and closes the operation record that asked for the work.</summary>
internal sealed class ProjectStatus(Project project, ProjectWriter writer, TimeProvider clock)
{
    /// <param name="final">
    /// The last status of this pass: the operation record is closed in the same write, so whoever
    /// sees the status also sees the operation finished in the statistics.
    /// </param>
    public async Task SetInfrastructureAsync(InfrastructureStatus status, string? error, CancellationToken cancellationToken, bool final = false)
    {
        var record = final ? await OpenOperationAsync(cancellationToken) : null;
        await writer.WriteAsync(_ =>
        {
            project.InfrastructureStatus = status;
            project.InfrastructureError = Trim(error);
            project.InfrastructureUpdatedAt = clock.GetUtcNow();
            Close(record, error);
        }, cancellationToken);
    }

    public async Task SetApplicationAsync(ApplicationStatus status, string? error, CancellationToken cancellationToken, bool final = false)
    {
        var record = final ? await OpenOperationAsync(cancellationToken) : null;
        await writer.WriteAsync(_ =>
        {
            project.ApplicationStatus = status;
            project.ApplicationError = Trim(error);
            Close(record, error);
        }, cancellationToken);
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
        var record = await OpenOperationAsync(cancellationToken);
        if (record is not null)
        {
            await writer.WriteAsync(_ => Close(record, error), cancellationToken);
        }
    }
}
