namespace PromptStack.Provisioning.Engine;

/// <summary>One resource in a stack's graph with the logical names it depends on.</summary>
public sealed record StackNode(string Kind, string Name, IReadOnlyList<string> DependsOn);
