using System.Text.Json;

namespace PromptStack.Provisioning.Aws;

/// <summary>One statement of a Lambda function's resource policy, reduced to what PromptStack checks.</summary>
public sealed record LambdaPolicyStatement(string Sid, string? SourceArn)
{
    internal static LambdaPolicyStatement FromJson(JsonElement statement) =>
        new(statement.Str("Sid") ?? string.Empty, statement.Obj("Condition").Obj("ArnLike").Str("AWS:SourceArn"));
}
