using PromptStack.Web.Components.Pages.Project;
using PromptStack.Web.Components.Shared;

namespace PromptStack.ComponentTests;

/// <summary>Times in the viewer's time zone, UTC in the tooltip, and UTC labelled so when the zone is unknown.</summary>
public sealed class ViewerTimeTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 6, 56, 5, TimeSpan.Zero);

    [Fact]
    public void Time_KnownZone_IsLocalWithUtcInTheTitle()
    {
        var tokyo = ViewerTime.From("Asia/Tokyo");

        Assert.Equal("2026-12-01 15:56:05", tokyo.Time(At));
        Assert.Equal("15:56:05", tokyo.Clock(At));
        Assert.Equal("2026-12-01 06:56:05 UTC (shown in your time zone, Asia/Tokyo)", tokyo.Title(At));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Not/AZone")]
    [InlineData("../../etc/passwd")]
    public void From_MissingOrUnknownZone_FallsBackToLabelledUtc(string? zone)
    {
        var viewer = ViewerTime.From(zone);

        Assert.Null(viewer.Zone);
        Assert.Equal("2026-12-01 06:56:05 UTC", viewer.Time(At));
    }

    [Fact]
    public async Task LocalTime_CascadedZone_RendersLocalTimeWithMachineReadableUtc()
    {
        await using var ctx = new BunitContext();
        var cut = ctx.Render<LocalTime>(p => p.AddCascadingValue(ViewerTime.From("America/New_York")).Add(c => c.Value, At));

        var time = cut.Find("time");
        Assert.Equal("2026-12-01 01:56:05", time.TextContent);
        Assert.Equal(At.ToString("O"), time.GetAttribute("datetime"));
        Assert.StartsWith("2026-12-01 06:56:05 UTC", time.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalTime_NoZoneCascaded_RendersUtcLabelled()
    {
        await using var ctx = new BunitContext();
        var cut = ctx.Render<LocalTime>(p => p.Add(c => c.Value, At));

        Assert.Equal("2026-12-01 06:56:05 UTC", cut.Find("time").TextContent);
    }

    [Fact]
    public void Outcome_ViewerZone_SaysWhereTheCleanupMovedInLocalTime()
    {
        var (message, capped) = Extension.Outcome(At, 30, At.AddMinutes(30), 240, ViewerTime.From("Asia/Tokyo"));

        Assert.False(capped);
        Assert.Equal("Cleanup moved to 2026-12-01 16:26:05.", message);
    }
}
