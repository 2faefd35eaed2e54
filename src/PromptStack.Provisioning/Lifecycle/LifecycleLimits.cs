namespace PromptStack.Provisioning.Lifecycle;

/// <param name="ResourceTtlMinutes">How long a newly provisioned stack lives.</param>
/// <param name="MaxTtlMinutes">How far from now an extension may move the expiry at most.</param>
public sealed record LifecycleLimits(int ResourceTtlMinutes, int MaxTtlMinutes);
