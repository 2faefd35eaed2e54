namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Observation point called after every change the engine makes in the cloud, with the step's name
/// (e.g. "s3-bucket:CreateBucket"). Nothing observes it in production; tests count the steps with it
/// and simulate a crash at one by abandoning the work there (<see cref="ProjectReconciler.Abandon"/>).
/// </summary>
public sealed class ReconcilerFaults
{
    public Func<string, Task>? AfterChange { get; set; }

    public Task OnChangeAsync(string step) => AfterChange?.Invoke(step) ?? Task.CompletedTask;
}
