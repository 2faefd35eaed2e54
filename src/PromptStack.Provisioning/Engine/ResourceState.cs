namespace PromptStack.Provisioning.Engine;

/// <summary>What a driver observed or created: identifiers and facts its dependents or the outputs need.</summary>
public sealed record ResourceState(string PhysicalId, string? Arn, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>
    /// What an observed resource has that differs from its desired configuration and tags, in words
    /// ("tags UserId, CreatedAt", "invoke permission"); empty when it is up to date, and always empty for
    /// states returned by Create and Update.
    /// </summary>
    public IReadOnlyList<string> Differences { get; init; } = [];

    /// <summary>Nothing to put right: the engine makes no Update call for it.</summary>
    public bool UpToDate => Differences.Count == 0;

    public string? Attribute(string name) => Attributes.TryGetValue(name, out var value) ? value : null;
}
