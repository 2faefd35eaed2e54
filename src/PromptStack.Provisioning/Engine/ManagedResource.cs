namespace PromptStack.Provisioning.Engine;

/// <summary>A cloud resource found by its platform tags, for the orphan sweeper.</summary>
/// <param name="Identifier">Cloud-assigned id where the name is not unique (HTTP APIs); otherwise the name.</param>
public sealed record ManagedResource(string Kind, string PhysicalId, string Identifier, Guid? ProjectId, Guid? UserId, DateTimeOffset? CreatedAt);
