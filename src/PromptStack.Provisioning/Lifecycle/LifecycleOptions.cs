namespace PromptStack.Provisioning.Lifecycle;

/// <summary>The expiry rules, bound from RESOURCE_TIMEOUT_MINUTES and MAX_RESOURCE_TIMEOUT_MINUTES.</summary>
public sealed class LifecycleOptions
{
    /// <summary>How long a newly provisioned stack lives.</summary>
    public int ResourceTtlMinutes { get; set; } = 60;

    /// <summary>Upper bound for <c>POST .../extend</c>: how far from now expiry may be moved.</summary>
    public int MaxTtlMinutes { get; set; } = 240;

    public LifecycleLimits Limits => new(ResourceTtlMinutes, MaxTtlMinutes);
}
