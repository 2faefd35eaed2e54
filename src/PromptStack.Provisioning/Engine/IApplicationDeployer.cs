namespace PromptStack.Provisioning.Engine;

/// <summary>Puts an application onto a provisioned stack and takes it off again.</summary>
public interface IApplicationDeployer
{
    Task DeployAsync(ApplicationContext context, CancellationToken cancellationToken);

    /// <summary>Empties the bucket and resets the function to its placeholder code.</summary>
    Task PurgeAsync(ApplicationContext context, CancellationToken cancellationToken);
}

public sealed record ApplicationContext
{
    public required Guid ProjectId { get; init; }
    public required Guid UserId { get; init; }
    public required string BlueprintJson { get; init; }
    public required int Version { get; init; }

    /// <summary>The stack's resources by kind.</summary>
    public required IReadOnlyDictionary<string, ResourceState> Resources { get; init; }

    /// <summary>Writes a project event (info level).</summary>
    public required Func<string, Task> LogAsync { get; init; }

    public Func<string, Task> AfterChangeAsync { get; init; } = _ => Task.CompletedTask;
}
