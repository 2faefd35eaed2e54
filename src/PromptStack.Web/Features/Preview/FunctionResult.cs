using System.Text.Json;

namespace PromptStack.Web.Features.Preview;

/// <summary>The handler's answer, or why there is none.</summary>
public sealed record FunctionResult(FunctionFailure Failure, JsonElement? Answer = null)
{
    public static FunctionResult Failed(FunctionFailure failure) => new(failure);
}
