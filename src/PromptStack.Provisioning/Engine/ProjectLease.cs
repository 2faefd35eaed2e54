namespace PromptStack.Provisioning.Engine;

/// <summary>
/// This instance's claim on one project: the owner and epoch that every write of the work is fenced
/// with, and the token that stops the work once the lease is lost or the work abandoned.
/// </summary>
internal sealed class ProjectLease(Guid projectId, string owner, long epoch, CancellationToken stopping) : IDisposable
{
    private readonly CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private volatile bool abandoned;

    public Guid ProjectId => projectId;

    public string Owner => owner;

    /// <summary>The value the claim raised <c>Project.LeaseEpoch</c> to; another claim raises it again.</summary>
    public long Epoch => epoch;

    public CancellationToken Token => stop.Token;

    /// <summary>True when the work was stopped on purpose (<see cref="ProjectReconciler.Abandon"/>), not by another instance.</summary>
    public bool Abandoned => abandoned;

    /// <summary>Another instance holds the project now: stop at once and write nothing more.</summary>
    public void Lose() => Cancel();

    public void Abandon()
    {
        abandoned = true;
        Cancel();
    }

    private void Cancel()
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A late renewal after the work has ended: there is nothing left to stop.
        }
    }

    public void Dispose() => stop.Dispose();
}
