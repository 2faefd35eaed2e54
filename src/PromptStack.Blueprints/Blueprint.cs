namespace PromptStack.Blueprints;

/// <summary>What a prompt turns into: a template, the resources it needs and the usage it expects.</summary>
public sealed record Blueprint
{
    public required string Template { get; init; }
    public required string Title { get; init; }
    public required string Summary { get; init; }
    public required IReadOnlyList<BlueprintResource> Resources { get; init; }
    public required UsageProfile Usage { get; init; }

    /// <summary>What the generator read from the prompt (chart kind, field names, labels...).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Frontend files for the bucket. <c>config.js</c> is not among them: deploy writes it with the API URL.</summary>
    public IReadOnlyList<GeneratedFile> Files { get; init; } = [];

    /// <summary>The function's <c>index.mjs</c> (handler <c>index.handler</c>); null when the app has no function.</summary>
    public string? HandlerCode { get; init; }

    public bool Has(string kind) => Resources.Any(r => r.Kind == kind);
}
