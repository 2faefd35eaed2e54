using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Lifecycle;

/// <summary>The facts about a project that its lifecycle decides on.</summary>
public sealed record LifecycleState(
    DesiredState InfrastructureDesired,
    InfrastructureStatus InfrastructureStatus,
    DesiredState ApplicationDesired,
    ApplicationStatus ApplicationStatus,
    bool HasResources,
    DateTimeOffset? ExpiresAt,
    int ApplicationVersion = 0,
    int ApplicationTargetVersion = 0)
{
    /// <summary>The state requests are decided on: statuses as shown to users (<see cref="ShownStatus"/>).</summary>
    /// <param name="project">Loaded with its resources, or <see cref="HasResources"/> is wrongly false.</param>
    public static LifecycleState Of(Project project) => new(
        project.InfrastructureDesired, ShownStatus.Infrastructure(project), project.ApplicationDesired, ShownStatus.Application(project),
        HasLiveResources(project), project.ExpiresAt, project.ApplicationVersion, project.ApplicationTargetVersion);

    /// <summary>The state the reconciler works from: statuses as it last observed them.</summary>
    public static LifecycleState Observed(Project project) => new(
        project.InfrastructureDesired, project.InfrastructureStatus, project.ApplicationDesired, project.ApplicationStatus,
        HasLiveResources(project), project.ExpiresAt, project.ApplicationVersion, project.ApplicationTargetVersion);

    /// <summary>Cloud resources exist, are wanted, or may still exist (a status other than none or destroyed).</summary>
    public bool HasInfrastructure =>
        InfrastructureDesired == DesiredState.Present ||
        InfrastructureStatus is not (InfrastructureStatus.None or InfrastructureStatus.Destroyed) ||
        HasResources;

    private static bool HasLiveResources(Project project) => project.Resources.Any(r => r.Status != ResourceStatus.Deleted);
}
