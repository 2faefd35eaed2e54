using System.Text.Json;

namespace PromptStack.Provisioning.Aws;

/// <summary>What PromptStack needs to know about a Lambda function (a flattened FunctionConfiguration).</summary>
public sealed record LambdaFunctionInfo
{
    public required string FunctionName { get; init; }

    public required string FunctionArn { get; init; }

    public string? Runtime { get; init; }

    public string? Role { get; init; }

    public string? Handler { get; init; }

    /// <summary>Base64 SHA-256 of the deployment package; compare to skip redundant code updates.</summary>
    public string? CodeSha256 { get; init; }

    public long CodeSize { get; init; }

    public int? MemorySize { get; init; }

    public int? Timeout { get; init; }

    /// <summary>Pending, Active, Inactive or Failed.</summary>
    public string? State { get; init; }

    public string? StateReason { get; init; }

    /// <summary>InProgress, Successful or Failed; absent on some emulators.</summary>
    public string? LastUpdateStatus { get; init; }

    public string? LastUpdateStatusReason { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Only filled by GetFunction (ListFunctions and updates do not return tags).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    internal static LambdaFunctionInfo FromConfiguration(JsonElement configuration, IReadOnlyDictionary<string, string>? tags = null) => new()
    {
        FunctionName = configuration.Str("FunctionName") ?? string.Empty,
        FunctionArn = configuration.Str("FunctionArn") ?? string.Empty,
        Runtime = configuration.Str("Runtime"),
        Role = configuration.Str("Role"),
        Handler = configuration.Str("Handler"),
        CodeSha256 = configuration.Str("CodeSha256"),
        CodeSize = configuration.Long("CodeSize") ?? 0,
        MemorySize = configuration.Int("MemorySize"),
        Timeout = configuration.Int("Timeout"),
        State = configuration.Str("State"),
        StateReason = configuration.Str("StateReason"),
        LastUpdateStatus = configuration.Str("LastUpdateStatus"),
        LastUpdateStatusReason = configuration.Str("LastUpdateStatusReason"),
        Environment = configuration.Obj("Environment").Map("Variables"),
        Tags = tags ?? new Dictionary<string, string>(),
    };
}
