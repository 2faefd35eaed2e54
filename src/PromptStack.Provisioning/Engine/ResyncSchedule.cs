using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Engine;

/// <summary>When a project's resources are next checked for drift (<see cref="Project.ResyncAt"/>).</summary>
public static class ResyncSchedule
{
    /// <summary>
    /// After a check, the next lands between 0.75 and 1 interval later: never later than one interval, so drift is
    /// found within one, and jittered so that the instances sharing a database spread their checks over time.
    /// </summary>
    public const double MinFactor = 0.75;

    public const double MaxFactor = 1.0;

    /// <summary>
    /// After a change (provisioned, deployed), the first check lands anywhere in the next interval, from a tenth of it
    /// on, so that projects deployed together do not all come due in the same quarter of every interval.
    /// </summary>
    public const double FirstMinFactor = 0.1;

    /// <summary>Only stacks that are wanted and deployed are checked; any other state has its own pending work or none.</summary>
    public static bool IsDeployed(Project project) =>
        project.InfrastructureDesired == DesiredState.Present && project.InfrastructureStatus == InfrastructureStatus.Deployed;

    /// <summary>The check after this one, or null when <paramref name="project"/> is not deployed or checks are off.</summary>
    public static DateTimeOffset? Next(Project project, DateTimeOffset now, TimeSpan interval) =>
        Next(project, now, interval, Random.Shared.NextDouble());

    /// <param name="random">A number from 0 (inclusive) to 1 (exclusive) that places the check within the jitter.</param>
    public static DateTimeOffset? Next(Project project, DateTimeOffset now, TimeSpan interval, double random) =>
        interval > TimeSpan.Zero && IsDeployed(project) ? now + (interval * Between(MinFactor, MaxFactor, random)) : null;

    /// <summary>The first check after the project changed, or null when it is not deployed or checks are off.</summary>
    public static DateTimeOffset? First(Project project, DateTimeOffset now, TimeSpan interval) =>
        First(project, now, interval, Random.Shared.NextDouble());

    public static DateTimeOffset? First(Project project, DateTimeOffset now, TimeSpan interval, double random) =>
        interval > TimeSpan.Zero && IsDeployed(project) ? now + (interval * Between(FirstMinFactor, MaxFactor, random)) : null;

    private static double Between(double min, double max, double random) => min + ((max - min) * random);
}
