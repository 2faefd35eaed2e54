using PromptStack.Data.Entities;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Web.Components.Services;

namespace PromptStack.Web.Components.Pages.Project;

public sealed partial class ProjectStepper
{
    private ITimer? timer;

    private List<GuidedStep> Steps => [.. GuidedSteps.Of(Project)];

    private OperationRun? Running => OperationRuns.From(Feed.Events, ProjectFeed.IsBusy(Project)) is [.., { Outcome: RunOutcome.Running } run] ? run : null;

    private string? LastMessage => Feed.Events.Count > 0 ? Feed.Events[^1].Message : null;

    private string RunningText => (Project.Infrastructure.Status, Project.Application.Status) switch
    {
        (InfrastructureStatus.Provisioning, _) => "Provisioning the infrastructure…",
        (InfrastructureStatus.Destroying, _) => "Destroying the infrastructure…",
        (_, ApplicationStatus.Deploying) => "Deploying the application…",
        (_, ApplicationStatus.Purging) => "Purging the application…",
        _ => "Working…",
    };

    // Elapsed time ticks every second; a re-render is cheap next to the circuit's other traffic.
    protected override void OnInitialized() =>
        timer = Clock.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    private Task ProvisionAndDeployAsync() => RunAsync("provision", () => Api.ProvisionAndDeployAsync(Id));

    /// <summary>The running provision was asked for with a deploy after it (read from its request event, so it survives a reload).</summary>
    private bool DeployFollows => Running is { } run && Feed.Events.Any(e =>
        e.OperationId == run.OperationId && e.Message.StartsWith(ProjectLifecycle.ProvisionAndDeployRequested, StringComparison.Ordinal));

    private Task DeployAsync() => RunAsync("deploy", () => Api.DeployAsync(Id));

    public void Dispose() => timer?.Dispose();
}
