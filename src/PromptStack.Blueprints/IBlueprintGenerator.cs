namespace PromptStack.Blueprints;

/// <summary>Turns a prompt into a blueprint, or explains why no app can be made from it.</summary>
public interface IBlueprintGenerator
{
    Task<BlueprintResult> GenerateAsync(string prompt, CancellationToken cancellationToken);
}

public sealed record BlueprintResult(Blueprint? Blueprint, string? Refusal)
{
    public static BlueprintResult Made(Blueprint blueprint) => new(blueprint, null);
    public static BlueprintResult Refused(string why) => new(null, why);
}
