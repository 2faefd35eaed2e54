namespace PromptStack.Data.Entities;

public sealed class Project
{
    public Guid Id { get; set; }
    public Guid OwnerId { get; set; }
    public string Name { get; set; } = "";
    public string Prompt { get; set; } = "";
    public string Template { get; set; } = "";

    /// <summary>The blueprint as JSON (resources, usage profile, generated files).</summary>
    public string BlueprintJson { get; set; } = "{}";

    public decimal EstimatedMonthlyCost { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>
    /// The expiry time whose warning event was written (once, by whichever instance's reaper set this first);
    /// an extension gives a new expiry time, which is warned about again.
    /// </summary>
    public DateTimeOffset? ExpiryWarnedFor { get; set; }

    public DesiredState InfrastructureDesired { get; set; }
    public InfrastructureStatus InfrastructureStatus { get; set; }
    public DateTimeOffset InfrastructureUpdatedAt { get; set; }
    public string? InfrastructureError { get; set; }

    /// <summary>When the current infrastructure started to exist; accrued cost counts from here.</summary>
    public DateTimeOffset? InfrastructureSince { get; set; }

    /// <summary>Cost accrued by earlier, already destroyed, infrastructure.</summary>
    public decimal AccruedCostBefore { get; set; }

    public string OutputsJson { get; set; } = "{}";

    public DesiredState ApplicationDesired { get; set; }
    public ApplicationStatus ApplicationStatus { get; set; }
    public int ApplicationVersion { get; set; }

    /// <summary>
    /// Desired state: the application version a deploy request asked for. The reconciler deploys while
    /// <see cref="ApplicationVersion"/> is below it, so a deploy interrupted after it finished is not repeated.
    /// </summary>
    public int ApplicationTargetVersion { get; set; }
    public DateTimeOffset? ApplicationDeployedAt { get; set; }
    public string? ApplicationError { get; set; }

    /// <summary>Bumped on every request for work so the reconciler can tell a stale run from a new one.</summary>
    public long Generation { get; set; }

    /// <summary>The generation the reconciler last finished; work is pending while it differs from <see cref="Generation"/>.</summary>
    public long ReconciledGeneration { get; set; }

    /// <summary>Why the infrastructure is being destroyed: "user" or "expired" (for the cleanup statistics).</summary>
    public string? DestroyReason { get; set; }

    /// <summary>The operation record of the work in progress, if any.</summary>
    public Guid? CurrentOperationId { get; set; }

    /// <summary>Work lease: owned by <see cref="LeaseOwner"/> until this time.</summary>
    public DateTimeOffset? LeasedUntil { get; set; }
    public string? LeaseOwner { get; set; }

    /// <summary>
    /// Fencing counter: raised by every claim of the lease, and checked by every write of the work done under it,
    /// so an instance that paused past its lease writes nothing once another has claimed the project.
    /// </summary>
    public long LeaseEpoch { get; set; }

    /// <summary>When the reconciler next checks a deployed project's resources for drift; null when none is due.</summary>
    public DateTimeOffset? ResyncAt { get; set; }

    public List<Resource> Resources { get; set; } = [];
}
