using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Engine;

/// <summary>When a project's resources are next checked for drift (<see cref="Project.ResyncAt"/>).</summary>
public static class ResyncSchedule
{
    /// <summary>
    /// Each check lands between 0.8 and 1.2 intervals after the last, so projects deployed together, and the
    /// instances sharing a database, spread their checks over time instead of all calling AWS at once.
    /// </summary>
    public const double MinFactor = 0.8;

    public const double MaxFactor = 1.2;

    /// <summary>Only stacks that are wanted and deployed are checked; any other state has its own pending work or none.</summary>
    public static bool IsDeployed(Project project) =>
        project.InfrastructureDesired == DesiredState.Present && project.InfrastructureStatus == InfrastructureStatus.Deployed;

    /// <summary>The next check of <paramref name="project"/>, or null when it is not deployed or checks are off.</summary>
    public static DateTimeOffset? Next(Project project, DateTimeOffset now, TimeSpan interval) =>
        Next(project, now, interval, Random.Shared.NextDouble());

    /// <param name="random">A number from 0 (inclusive) to 1 (exclusive) that places the check within the jitter.</param>
    public static DateTimeOffset? Next(Project project, DateTimeOffset now, TimeSpan interval, double random) =>
        interval > TimeSpan.Zero && IsDeployed(project) ? now + Jittered(interval, random) : null;

    public static TimeSpan Jittered(TimeSpan interval, double random) => interval * (MinFactor + ((MaxFactor - MinFactor) * random));
}
