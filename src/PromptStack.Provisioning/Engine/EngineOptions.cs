namespace PromptStack.Provisioning.Engine;

public sealed class EngineOptions
{
    /// <summary>Identifies this server instance as a lease owner.</summary>
    public string InstanceId { get; set; } = $"{System.Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Value of the ManagedBy tag; the orphan sweeper only touches resources carrying it.</summary>
    public string ManagedBy { get; set; } = "promptstack";

    /// <summary>Value of the Environment tag; installations sharing an account must use different values.</summary>
    public string Environment { get; set; } = "local";

    /// <summary>Prefix of physical names.</summary>
    public string NamePrefix { get; set; } = "ps";

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan SweeperInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often a deployed project's resources are checked for drift (each check jittered, see
    /// <see cref="ResyncSchedule"/>); zero turns the checks off.
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Resources younger than this are never taken for orphans.</summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Where the platform serves deployed apps itself, each on its own origin under this one (local
    /// mode, e.g. "http://preview.localhost:5000"); null when sites are opened at their S3 website
    /// and HTTP API addresses.
    /// </summary>
    public string? PreviewBaseUrl { get; set; }

    /// <summary>Projects worked on at once by one instance.</summary>
    public int MaxParallelProjects { get; set; } = 8;
}
