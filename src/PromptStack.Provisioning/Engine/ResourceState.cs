namespace PromptStack.Provisioning.Engine;

/// <summary>What a driver observed or created: identifiers and facts its dependents or the outputs need.</summary>
public sealed record ResourceState(string PhysicalId, string? Arn, IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string name) => Attributes.TryGetValue(name, out var value) ? value : null;
}
