using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Lifecycle;

/// <summary>
/// An accepted request: the fields to write (null leaves a field as it is), and the operation and
/// event that record it. Setting a status also clears that part's error: a pending status has none.
/// </summary>
public sealed record DesiredChange
{
    public required string Operation { get; init; }
    public required string Message { get; init; }
    public string Level { get; init; } = "info";

    public DesiredState? InfrastructureDesired { get; init; }

    /// <summary>What to show until the reconciler reports; also clears the infrastructure error.</summary>
    public InfrastructureStatus? InfrastructureStatus { get; init; }

    public DesiredState? ApplicationDesired { get; init; }

    /// <summary>What to show until the reconciler reports; also clears the application error.</summary>
    public ApplicationStatus? ApplicationStatus { get; init; }

    /// <summary>Whether <see cref="DestroyReason"/> is written (it may be written as null).</summary>
    public bool SetsDestroyReason { get; init; }

    public string? DestroyReason { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}
