using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Lifecycle;

/// <summary>
/// The reconciler's side of the lifecycle: which steps bring the observed state to the desired one.
/// It runs them in this order (purge, then destroy or provision, then deploy), re-asking after each
/// step because each step changes the observed state.
/// </summary>
public static class ReconcileSteps
{
    public static bool NeedsPurge(LifecycleState s) =>
        s.ApplicationDesired == DesiredState.Absent && s.ApplicationStatus != ApplicationStatus.None;

    /// <param name="anyResourceRow">Any resource row at all, deleted ones included: destroying also removes the rows.</param>
    public static bool NeedsDestroy(LifecycleState s, bool anyResourceRow) =>
        s.InfrastructureDesired == DesiredState.Absent &&
        (anyResourceRow || s.InfrastructureStatus is InfrastructureStatus.Provisioning or InfrastructureStatus.Deployed
            or InfrastructureStatus.Destroying or InfrastructureStatus.Failed);

    /// <param name="allResourcesReady">Every resource row is ready; a missing or broken one is created again.</param>
    public static bool NeedsProvision(LifecycleState s, bool allResourcesReady) =>
        s.InfrastructureDesired == DesiredState.Present && (s.InfrastructureStatus != InfrastructureStatus.Deployed || !allResourcesReady);

    /// <summary>Wanted and not deployed, or a newer version asked for (a redeploy) than the one in place.</summary>
    public static bool NeedsDeploy(LifecycleState s) =>
        s.ApplicationDesired == DesiredState.Present &&
        (s.ApplicationStatus != ApplicationStatus.Deployed || s.ApplicationVersion < s.ApplicationTargetVersion);
}
