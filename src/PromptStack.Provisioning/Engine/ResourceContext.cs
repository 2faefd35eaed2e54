namespace PromptStack.Provisioning.Engine;

/// <summary>Everything a driver needs to act on one resource of one project.</summary>
public sealed record ResourceContext
{
    public required Guid ProjectId { get; init; }
    public required Guid UserId { get; init; }
    public required string LogicalName { get; init; }
    public required string PhysicalName { get; init; }

    /// <summary>The five platform tags, set at creation.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>The states of the resources this one depends on, by kind.</summary>
    public IReadOnlyDictionary<string, ResourceState> Dependencies { get; init; } = new Dictionary<string, ResourceState>();

    /// <summary>
    /// No run has begun creating this resource (its row is still pending; a row turns creating, committed, before any
    /// create is sent): nothing of it can exist in the cloud, so a driver need not look for an earlier attempt's work.
    /// </summary>
    public bool NeverAttempted { get; init; }

    /// <summary>Facts saved from an earlier run (e.g. the id AWS gave an HTTP API).</summary>
    public IReadOnlyDictionary<string, string> SavedAttributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Called after every change made in the cloud; tests use it to simulate a crash at each step.</summary>
    public Func<string, Task> AfterChangeAsync { get; init; } = _ => Task.CompletedTask;

    public ResourceState Dependency(string kind) =>
        Dependencies.TryGetValue(kind, out var state) ? state
            : throw new InvalidOperationException($"{LogicalName} needs a {kind}, which the stack does not have.");
}
