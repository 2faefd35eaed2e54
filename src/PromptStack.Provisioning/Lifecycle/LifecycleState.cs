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
    int ApplicationVersion = 0)
{
    /// <param name="project">Loaded with its resources, or <see cref="HasResources"/> is wrongly false.</param>
    public static LifecycleState Of(Project project) => new(
        project.InfrastructureDesired, project.InfrastructureStatus, project.ApplicationDesired, project.ApplicationStatus,
        project.Resources.Any(r => r.Status != ResourceStatus.Deleted), project.ExpiresAt, project.ApplicationVersion);

    /// <summary>Cloud resources exist, are wanted, or may still exist (a status other than none or destroyed).</summary>
    public bool HasInfrastructure =>
        InfrastructureDesired == DesiredState.Present ||
        InfrastructureStatus is not (InfrastructureStatus.None or InfrastructureStatus.Destroyed) ||
        HasResources;
}
