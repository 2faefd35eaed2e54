namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Drives one kind of cloud resource (crossplane's managed-resource contract). Every method is
/// idempotent: Create adopts a resource that already exists under the saved name, and Delete of a
/// missing resource succeeds, so a run interrupted at any point can simply be run again.
/// </summary>
public interface IResourceDriver
{
    string Kind { get; }

    /// <summary>
    /// The resource as it exists now, or null when it does not exist. Only reads: what differs from the desired
    /// configuration, tags and wiring (everything Update would put right) is listed in
    /// <see cref="ResourceState.Differences"/>, so an up-to-date resource costs no write call.
    /// </summary>
    Task<ResourceState?> ObserveAsync(ResourceContext context, CancellationToken cancellationToken);

    Task<ResourceState> CreateAsync(ResourceContext context, CancellationToken cancellationToken);

    /// <summary>Brings an existing resource back to the desired configuration (policies, settings, wiring, tags), writing only what differs.</summary>
    Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState observed, CancellationToken cancellationToken);

    Task DeleteAsync(ResourceContext context, CancellationToken cancellationToken);

    /// <summary>Every resource of this kind carrying the platform's ManagedBy and Environment tags.</summary>
    Task<IReadOnlyList<ManagedResource>> ListManagedAsync(CancellationToken cancellationToken);
}
