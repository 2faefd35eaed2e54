namespace PromptStack.Blueprints;

/// <summary>Turns a prompt into a blueprint, or explains why no app can be made from it.</summary>
public interface IBlueprintGenerator
{
    Task<BlueprintResult> GenerateAsync(string prompt, CancellationToken cancellationToken);
}

public sealed record BlueprintResult(Blueprint? Blueprint, string? Refusal)
{
    /// <summary>
    /// Something the caller should tell the user alongside the result, e.g. why the language model's answer was
    /// rejected and the offline catalog was used instead. Null when there is nothing to report.
    /// </summary>
    public string? Note { get; init; }

    public static BlueprintResult Made(Blueprint blueprint) => new(blueprint, null);
    public static BlueprintResult Refused(string why) => new(null, why);
}
