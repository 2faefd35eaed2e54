using MudBlazor;
using PromptStack.Web.Components.Shared;

namespace PromptStack.ComponentTests;

public sealed class StatusChipTests
{
    [Fact]
    public async Task Render_Deployed_IsGreenWithCheckAndLabelled()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<StatusChip>(p => p.Add(c => c.Kind, "infrastructure").Add(c => c.Status, "deployed"));

        var chip = cut.Find(".status-chip");
        Assert.Equal("deployed", chip.TextContent.Trim());
        Assert.Contains("mud-chip-color-success", chip.ClassList);
        Assert.DoesNotContain("busy", chip.ClassList);
        Assert.Equal("Infrastructure status: deployed", chip.GetAttribute("aria-label"));
        Assert.Equal("deployed", chip.GetAttribute("data-status"));
    }

    [Theory]
    [InlineData("provisioning", "mud-chip-color-info")]
    [InlineData("deploying", "mud-chip-color-info")]
    [InlineData("destroying", "mud-chip-color-warning")]
    [InlineData("purging", "mud-chip-color-warning")]
    public async Task Render_RunningOperation_SpinsInItsColour(string status, string colourClass)
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<StatusChip>(p => p.Add(c => c.Kind, "application").Add(c => c.Status, status));

        var chip = cut.Find(".status-chip");
        Assert.Contains("busy", chip.ClassList);
        Assert.Contains(colourClass, chip.ClassList);
        Assert.Equal($"Application status: {status}", chip.GetAttribute("aria-label"));
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("blocked")]
    public async Task Render_Failure_IsRed(string status)
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<StatusChip>(p => p.Add(c => c.Kind, "resource").Add(c => c.Status, status));

        Assert.Contains("mud-chip-color-error", cut.Find(".status-chip").ClassList);
    }

    [Fact]
    public async Task Render_NoStatus_SaysUnknown()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<StatusChip>(p => p.Add(c => c.Kind, "infrastructure").Add(c => c.Status, null));

        Assert.Equal("unknown", cut.Find(".status-chip").TextContent.Trim());
    }

    [Fact]
    public async Task Render_StatusChanges_ChipFollows()
    {
        await using var ctx = Samples.Context();
        var cut = ctx.Render<StatusChip>(p => p.Add(c => c.Kind, "infrastructure").Add(c => c.Status, "provisioning"));

        cut.Render(p => p.Add(c => c.Status, "deployed"));

        var chip = cut.Find(".status-chip");
        Assert.Equal("deployed", chip.TextContent.Trim());
        Assert.DoesNotContain("busy", chip.ClassList);
    }

    [Theory]
    [InlineData("none", Color.Default, false)]
    [InlineData("destroyed", Color.Dark, false)]
    [InlineData("pending", Color.Info, false)]
    [InlineData("ready", Color.Success, false)]
    [InlineData("creating", Color.Info, true)]
    public void LookOf_Status_GivesColourAndMotion(string status, Color colour, bool busy)
    {
        var look = StatusChip.LookOf(status);

        Assert.Equal(colour, look.Color);
        Assert.Equal(busy, look.Busy);
    }
}
