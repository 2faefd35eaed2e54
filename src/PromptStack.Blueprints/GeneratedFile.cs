namespace PromptStack.Blueprints;

/// <summary>One frontend file uploaded to the site bucket on deploy.</summary>
public sealed record GeneratedFile(string Path, string ContentType, string Content);
