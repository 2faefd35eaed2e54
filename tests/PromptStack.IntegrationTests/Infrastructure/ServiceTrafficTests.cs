using System.Diagnostics;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>The proxy's AWS-style rate limit, which the paced scale test relies on to catch a pacer that goes too fast.</summary>
public sealed class ServiceTrafficTests
{
    private const int Limit = 20;

    [Fact]
    public void ABurstOfTwoSecondsWorth_OnlyOneSecondsWorthIsAdmitted()
    {
        var traffic = Arrivals(Enumerable.Repeat(0.0, 2 * Limit));

        Assert.Equal(Limit, traffic.RateLimited);
        Assert.Equal(2 * Limit, traffic.MaxInAnySecond());
    }

    [Fact]
    public void ASustainedRateJustOverTheLimit_IsThrottled()
    {
        var traffic = Arrivals(Evenly(perSecond: Limit * 1.1, seconds: 30));

        Assert.True(traffic.RateLimited > 0, traffic.ToString());
        Assert.True(traffic.MaxInAny(TimeSpan.FromSeconds(10)) > 10 * Limit);
    }

    [Fact]
    public void APacedRateWithCallsBunchedByAStall_IsNotThrottled()
    {
        // 18 a second, with every 20th call held back 250 ms so that it arrives beside the next few.
        var times = Evenly(perSecond: Limit * 0.9, seconds: 30).Select((t, i) => i % 20 == 0 ? t + 0.25 : t).ToList();

        var traffic = Arrivals(times);

        Assert.Equal(0, traffic.RateLimited);
        Assert.True(traffic.MaxInAny(TimeSpan.FromSeconds(10)) <= 10 * Limit);
    }

    private static IEnumerable<double> Evenly(double perSecond, int seconds) =>
        Enumerable.Range(0, (int)(perSecond * seconds)).Select(i => i / perSecond);

    private static ServiceTraffic Arrivals(IEnumerable<double> seconds)
    {
        var traffic = new ServiceTraffic();
        var start = Stopwatch.GetTimestamp();
        foreach (var second in seconds.Order())
        {
            traffic.Arrive(start + (long)(second * Stopwatch.Frequency), "s3", faulted: false, Limit);
        }

        return traffic;
    }
}
