namespace PromptStack.Blueprints;

/// <summary>What a prompt turns into: a template, the resources it needs and the usage it expects.</summary>
public sealed record Blueprint
{
    public required string Template { get; init; }
    public required string Title { get; init; }
    public required string Summary { get; init; }
    public required IReadOnlyList<BlueprintResource> Resources { get; init; }
    public required UsageProfile Usage { get; init; }

    public bool Has(string kind) => Resources.Any(r => r.Kind == kind);
}
