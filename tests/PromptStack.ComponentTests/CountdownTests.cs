using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using PromptStack.Web.Components.Shared;

namespace PromptStack.ComponentTests;

public sealed class CountdownTests
{
    [Fact]
    public async Task Render_ExpiryInAnHour_ShowsTimeLeft()
    {
        var clock = new FakeTimeProvider(Samples.Now);
        await using var ctx = Samples.Context(clock);

        var cut = ctx.Render<Countdown>(p => p.Add(c => c.ExpiresAt, Samples.Now.AddHours(1).AddSeconds(5)));

        var timer = cut.Find("[role=timer]");
        Assert.Contains("1h 00m 05s left", timer.TextContent);
        Assert.Equal("Time left before automatic cleanup: 1h 00m 05s left", timer.GetAttribute("aria-label"));
        Assert.Equal("3605", timer.GetAttribute("data-seconds-left"));
    }

    [Fact]
    public async Task Clock_Advances_CountdownTicksByItself()
    {
        var clock = new FakeTimeProvider(Samples.Now);
        await using var ctx = Samples.Context(clock);
        var cut = ctx.Render<Countdown>(p => p.Add(c => c.ExpiresAt, Samples.Now.AddMinutes(10)));
        Assert.Contains("10m 00s left", cut.Find("[role=timer]").TextContent);

        clock.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Contains("9m 59s left", cut.Find("[role=timer]").TextContent));

        clock.Advance(TimeSpan.FromSeconds(61));
        cut.WaitForAssertion(() => Assert.Contains("8m 58s left", cut.Find("[role=timer]").TextContent));
    }

    [Fact]
    public async Task Clock_PassesExpiry_ShowsCleanupDueInRed()
    {
        var clock = new FakeTimeProvider(Samples.Now);
        await using var ctx = Samples.Context(clock);
        var cut = ctx.Render<Countdown>(p => p.Add(c => c.ExpiresAt, Samples.Now.AddSeconds(2)));

        clock.Advance(TimeSpan.FromSeconds(3));

        cut.WaitForAssertion(() => Assert.Contains("cleanup due", cut.Find("[role=timer]").TextContent));
        Assert.NotNull(cut.Find(".mud-error-text"));
    }

    [Fact]
    public async Task Render_NoExpiry_SaysNoExpiry()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<Countdown>(p => p.Add(c => c.ExpiresAt, null));

        Assert.Contains("no expiry", cut.Find("[role=timer]").TextContent);
        Assert.Equal("", cut.Find("[role=timer]").GetAttribute("data-seconds-left"));
    }

    [Theory]
    [InlineData(3600, Color.Default)]
    [InlineData(900, Color.Warning)]
    [InlineData(301, Color.Warning)]
    [InlineData(300, Color.Error)]
    [InlineData(-1, Color.Error)]
    public void ColorOf_TimeLeft_WarnsAsCleanupNears(int seconds, Color expected) =>
        Assert.Equal(expected, Countdown.ColorOf(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(45, "45s left")]
    [InlineData(125, "2m 05s left")]
    [InlineData(7322, "2h 02m 02s left")]
    [InlineData(0, "cleanup due")]
    public void Describe_TimeLeft_IsShortAndExact(int seconds, string expected) =>
        Assert.Equal(expected, Countdown.Describe(TimeSpan.FromSeconds(seconds)));
}
