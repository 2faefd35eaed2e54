using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Lifecycle;

/// <summary>
/// An accepted request: the desired-state fields to write (null leaves a field as it is), and the operation
/// and event that record it. No observed status: that is the reconciler's to write (see <see cref="ShownStatus"/>).
/// </summary>
public sealed record DesiredChange
{
    public required string Operation { get; init; }
    public required string Message { get; init; }
    public string Level { get; init; } = "info";

    public DesiredState? InfrastructureDesired { get; init; }

    public DesiredState? ApplicationDesired { get; init; }

    /// <summary>The application version a deploy asks for.</summary>
    public int? ApplicationTargetVersion { get; init; }

    /// <summary>Whether <see cref="DestroyReason"/> is written (it may be written as null).</summary>
    public bool SetsDestroyReason { get; init; }

    public string? DestroyReason { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}
