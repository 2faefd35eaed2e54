namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Fault-injection point called after every change made in the cloud. Production leaves it empty;
/// crash-safety tests throw <see cref="SimulatedCrashException"/> from it at each step in turn.
/// </summary>
public sealed class ReconcilerFaults
{
    public Func<string, Task>? AfterChange { get; set; }

    public Task OnChangeAsync(string step) => AfterChange?.Invoke(step) ?? Task.CompletedTask;
}
