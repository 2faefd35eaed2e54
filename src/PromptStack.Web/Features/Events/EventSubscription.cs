using System.Threading.Channels;

namespace PromptStack.Web.Features.Events;

/// <summary>One open stream's interest in a project's events; holds at most one pending wake-up.</summary>
public sealed class EventSubscription(Guid projectId, EventSignal signal) : IDisposable
{
    private readonly Channel<bool> wakeUps = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public Guid ProjectId { get; } = projectId;

    internal void Wake() => wakeUps.Writer.TryWrite(true);

    /// <summary>True when woken (new events may be there), false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (wakeUps.Reader.TryRead(out _))
        {
            return true;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await wakeUps.Reader.ReadAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => signal.Remove(this);
}
