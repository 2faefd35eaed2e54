namespace PromptStack.Data;

/// <summary>
/// Names the one user whose projects the database writes of the current flow (and the flows it starts) change, so
/// that the instances' read caches drop only that user's entries instead of everyone's. A write made outside any
/// scope, or in <see cref="Everyone"/>, may change anyone's projects. Only code that works on one project at a time
/// opens a scope: a write under it that touched another user's projects would leave their cached lists stale.
/// </summary>
public static class OwnerScope
{
    private static readonly AsyncLocal<Guid?> owner = new();

    /// <summary>The user named by the innermost scope, or null when the writes may change anyone's projects.</summary>
    public static Guid? Current => owner.Value;

    /// <summary>Writes until the returned value is disposed change only <paramref name="ownerId"/>'s projects.</summary>
    public static Restore Of(Guid ownerId) => Set(ownerId);

    /// <summary>Writes until the returned value is disposed may change anyone's projects (a pass over many projects).</summary>
    public static Restore Everyone() => Set(null);

    private static Restore Set(Guid? ownerId)
    {
        var previous = owner.Value;
        owner.Value = ownerId;
        return new Restore(previous);
    }

    public readonly struct Restore(Guid? previous) : IDisposable
    {
        public void Dispose() => owner.Value = previous;
    }
}
