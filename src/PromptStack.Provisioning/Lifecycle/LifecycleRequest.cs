namespace PromptStack.Provisioning.Lifecycle;

/// <summary>What a user (or, for <see cref="Expire"/>, the TTL reaper) asks of a project.</summary>
public enum LifecycleRequest
{
    Provision,
    Destroy,
    Deploy,
    Purge,
    Delete,
    Extend,
    Expire,
}
