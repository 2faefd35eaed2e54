using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Lifecycle;

/// <summary>
/// The status users see and requests are decided on. Requests write only desired state and bump the generation;
/// the observed status is the reconciler's alone. While a request waits for the reconciler, the status shown is
/// the transition that request asked for, so a second request cannot slip in before the reconciler starts.
/// </summary>
public static class ShownStatus
{
    public static bool IsPending(Project p) => p.Generation != p.ReconciledGeneration;

    public static InfrastructureStatus Infrastructure(Project p)
    {
        if (!IsPending(p))
        {
            return p.InfrastructureStatus;
        }

        return p.InfrastructureDesired switch
        {
            DesiredState.Present when p.InfrastructureStatus is not InfrastructureStatus.Deployed => InfrastructureStatus.Provisioning,
            DesiredState.Absent when p.InfrastructureStatus is InfrastructureStatus.Deployed or InfrastructureStatus.Provisioning
                or InfrastructureStatus.Failed => InfrastructureStatus.Destroying,
            _ => p.InfrastructureStatus,
        };
    }

    public static ApplicationStatus Application(Project p)
    {
        if (!IsPending(p))
        {
            return p.ApplicationStatus;
        }

        return p.ApplicationDesired switch
        {
            // A deploy asked together with a provision waits for the infrastructure: until then nothing deploys.
            DesiredState.Present when p.ApplicationVersion < p.ApplicationTargetVersion && p.InfrastructureStatus == InfrastructureStatus.Deployed
                => ApplicationStatus.Deploying,
            DesiredState.Absent when p.ApplicationStatus is not ApplicationStatus.None => ApplicationStatus.Purging,
            _ => p.ApplicationStatus,
        };
    }

    /// <summary>The last failure, shown only while the status says failed: a retry in flight has no error yet.</summary>
    public static string? InfrastructureError(Project p) => Infrastructure(p) == InfrastructureStatus.Failed ? p.InfrastructureError : null;

    public static string? ApplicationError(Project p) => Application(p) == ApplicationStatus.Failed ? p.ApplicationError : null;
}
