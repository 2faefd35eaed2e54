namespace PromptStack.Provisioning.Aws;

/// <summary>Input of <see cref="LambdaClient.CreateFunctionAsync"/>; defaults match PromptStack's Node handlers.</summary>
public sealed record LambdaCreateFunctionRequest
{
    public required string FunctionName { get; init; }

    /// <summary>Deployment package (zip file bytes); sent base64-encoded inline.</summary>
    public required byte[] ZipFile { get; init; }

    /// <summary>Execution role ARN; must trust lambda.amazonaws.com.</summary>
    public required string RoleArn { get; init; }

    public string Runtime { get; init; } = "nodejs20.x";

    public string Handler { get; init; } = "index.handler";

    public string? Description { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public int MemorySize { get; init; } = 128;

    /// <summary>Timeout in seconds.</summary>
    public int Timeout { get; init; } = 10;

    /// <summary>Tags applied at creation, so the function is never untagged (the session policy requires it).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
