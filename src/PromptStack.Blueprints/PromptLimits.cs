namespace PromptStack.Blueprints;

/// <summary>
/// The contract's prompt length (API.md: 1 to 4,000 characters). The API's validation, the
/// generators' own screen and the UI's counter all read this one constant so they cannot disagree.
/// </summary>
public static class PromptLimits
{
    public const int MaxLength = 4000;
}
