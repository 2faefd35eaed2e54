namespace PromptStack.Blueprints;

/// <summary>One resource of a blueprint: its kind and its logical name in the stack.</summary>
public sealed record BlueprintResource(string Kind, string Name, string Description);
