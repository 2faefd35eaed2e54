namespace PromptStack.Provisioning.Aws;

/// <summary>Fields for UpdateFunctionConfiguration; null means "leave unchanged".</summary>
public sealed record LambdaConfigurationUpdate
{
    public string? RoleArn { get; init; }

    public string? Runtime { get; init; }

    public string? Handler { get; init; }

    public string? Description { get; init; }

    /// <summary>Replaces the whole variable set when not null.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public int? MemorySize { get; init; }

    public int? Timeout { get; init; }
}
