namespace PromptStack.Provisioning.Lifecycle;

/// <summary>What a user (or, for <see cref="Expire"/>, the TTL reaper) asks of a project.</summary>
public enum LifecycleRequest
{
    Provision,

    /// <summary>Provision, then deploy the application once the infrastructure is up: one request the reconciler finishes even if the user leaves.</summary>
    ProvisionAndDeploy,
    Destroy,

    /// <summary>Destroy, purging a deployed application first: one confirmed request instead of a purge and then a destroy.</summary>
    PurgeAndDestroy,
    Deploy,
    Purge,
    Delete,
    Extend,
    Expire,
}
