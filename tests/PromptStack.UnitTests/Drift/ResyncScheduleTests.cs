using PromptStack.Data.Entities;
using PromptStack.Provisioning.Engine;

namespace PromptStack.UnitTests.Drift;

public sealed class ResyncScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(300);

    [Theory]
    [InlineData(0.0, 225)]
    [InlineData(0.5, 262.5)]
    [InlineData(0.999999, 300)]
    public void Next_Deployed_WithinThreeQuartersToOneInterval(double random, double expectedSeconds)
    {
        var next = ResyncSchedule.Next(Project(DesiredState.Present, InfrastructureStatus.Deployed), Now, Interval, random);

        Assert.NotNull(next);
        Assert.Equal(expectedSeconds, (next.Value - Now).TotalSeconds, precision: 1);
    }

    [Fact]
    public void Next_SharedRandom_AlwaysWithinBoundsAndSpread()
    {
        var project = Project(DesiredState.Present, InfrastructureStatus.Deployed);
        var delays = Enumerable.Range(0, 2000).Select(_ => (ResyncSchedule.Next(project, Now, Interval)!.Value - Now).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 225, 300));
        Assert.True(delays.Max() - delays.Min() > 60, "checks should spread over most of the jitter window");
    }

    [Fact]
    public void First_AfterAChange_SpreadOverTheWholeIntervalAndNeverLater()
    {
        var project = Project(DesiredState.Present, InfrastructureStatus.Deployed);
        var delays = Enumerable.Range(0, 2000).Select(_ => (ResyncSchedule.First(project, Now, Interval)!.Value - Now).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 30, 300));
        Assert.True(delays.Max() - delays.Min() > 240, "projects deployed together should come due all over the interval");
        Assert.Null(ResyncSchedule.First(Project(DesiredState.Absent, InfrastructureStatus.Deployed), Now, Interval, 0.5));
    }

    [Theory]
    [InlineData(DesiredState.Present, InfrastructureStatus.Provisioning)]
    [InlineData(DesiredState.Present, InfrastructureStatus.Failed)]
    [InlineData(DesiredState.Absent, InfrastructureStatus.Deployed)]
    [InlineData(DesiredState.Absent, InfrastructureStatus.Destroyed)]
    [InlineData(DesiredState.Absent, InfrastructureStatus.None)]
    public void Next_NotDeployed_Null(DesiredState desired, InfrastructureStatus status)
    {
        Assert.Null(ResyncSchedule.Next(Project(desired, status), Now, Interval, 0.5));
    }

    [Fact]
    public void Next_IntervalZero_ChecksOff()
    {
        Assert.Null(ResyncSchedule.Next(Project(DesiredState.Present, InfrastructureStatus.Deployed), Now, TimeSpan.Zero, 0.5));
    }

    private static Project Project(DesiredState desired, InfrastructureStatus status) =>
        new() { InfrastructureDesired = desired, InfrastructureStatus = status };
}
