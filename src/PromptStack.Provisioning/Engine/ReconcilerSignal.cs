namespace PromptStack.Provisioning.Engine;

/// <summary>Wakes the reconciler at once when a request stores new desired state, so nothing waits for a poll.</summary>
public sealed class ReconcilerSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0);

    public void Wake()
    {
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }

    /// <summary>Waits for a wake-up or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => signal.Dispose();
}
