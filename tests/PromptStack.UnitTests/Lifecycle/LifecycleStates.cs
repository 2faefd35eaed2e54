using PromptStack.Data.Entities;
using PromptStack.Provisioning.Lifecycle;
using static PromptStack.Data.Entities.ApplicationStatus;
using static PromptStack.Data.Entities.DesiredState;
using static PromptStack.Data.Entities.InfrastructureStatus;

namespace PromptStack.UnitTests.Lifecycle;

/// <summary>The states a project passes through, by name, so that the decision table reads as a table.</summary>
internal static class LifecycleStates
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly LifecycleLimits Limits = new(ResourceTtlMinutes: 60, MaxTtlMinutes: 240);

    private static readonly DateTimeOffset Later = Now.AddMinutes(30);
    private static readonly DateTimeOffset Earlier = Now.AddMinutes(-1);

    public static readonly IReadOnlyDictionary<string, LifecycleState> All = new Dictionary<string, LifecycleState>
    {
        ["new"] = new(Absent, InfrastructureStatus.None, Absent, ApplicationStatus.None, HasResources: false, ExpiresAt: null),
        ["provisioning"] = new(Present, InfrastructureStatus.Provisioning, Absent, ApplicationStatus.None, true, Later),
        ["provisionFailed"] = new(Present, InfrastructureStatus.Failed, Absent, ApplicationStatus.None, true, Later),
        ["deployed"] = new(Present, InfrastructureStatus.Deployed, Absent, ApplicationStatus.None, true, Later),
        ["appDeploying"] = new(Present, InfrastructureStatus.Deployed, Present, Deploying, true, Later),
        ["appDeployed"] = new(Present, InfrastructureStatus.Deployed, Present, ApplicationStatus.Deployed, true, Later),
        ["appFailed"] = new(Present, InfrastructureStatus.Deployed, Present, ApplicationStatus.Failed, true, Later),
        ["appPurging"] = new(Present, InfrastructureStatus.Deployed, Absent, Purging, true, Later),
        ["expired"] = new(Present, InfrastructureStatus.Deployed, Absent, ApplicationStatus.None, true, Earlier),
        ["expiredWithApp"] = new(Present, InfrastructureStatus.Deployed, Present, ApplicationStatus.Deployed, true, Earlier),
        ["destroying"] = new(Absent, Destroying, Absent, ApplicationStatus.None, true, Later),
        ["destroyFailed"] = new(Absent, InfrastructureStatus.Failed, Absent, ApplicationStatus.None, true, Later),

        // The reaper has asked; the reconciler has not started yet.
        ["reaping"] = new(Absent, InfrastructureStatus.Deployed, Absent, ApplicationStatus.Deployed, true, Earlier),
        ["destroyed"] = new(Absent, Destroyed, Absent, ApplicationStatus.None, false, null),

        // Destroyed, but resource rows not yet deleted remain.
        ["leftovers"] = new(Absent, Destroyed, Absent, ApplicationStatus.None, true, null),
    };

    /// <summary>One line per outcome: "409 Title", or "operation: infra=desired app=desired[/vN] reason=... expires=+Nm" ("-" = unchanged).</summary>
    public static string Describe(LifecycleDecision decision)
    {
        if (decision.Refusal is { } r)
        {
            return $"{r.Status} {r.Title}";
        }

        var c = decision.Change!;
        var reason = c.SetsDestroyReason ? c.DestroyReason ?? "null" : "-";
        var expires = c.ExpiresAt is { } at ? $"+{(at - Now).TotalMinutes}m" : "-";
        var target = c.ApplicationTargetVersion is { } v ? $"/v{v}" : "";
        return $"{c.Operation}: infra={Show(c.InfrastructureDesired)} app={Show(c.ApplicationDesired)}{target} reason={reason} expires={expires}";
    }

    private static string Show<T>(T? value) where T : struct, Enum => value?.ToString() ?? "-";
}
