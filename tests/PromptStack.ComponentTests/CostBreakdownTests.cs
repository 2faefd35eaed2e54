using PromptStack.Provisioning.Costs;
using PromptStack.Web.Components.Shared;

namespace PromptStack.ComponentTests;

public sealed class CostBreakdownTests
{
    private static readonly CostLine[] Lines =
    [
        new("role", 0m, "IAM roles are free"),
        new("data", 0.06m, "20,000 writes × $0.625/million"),
        new("api", 0.07m, "100,000 requests × $0.20/million"),
        new("http", 0.10m, "100,000 requests × $1.00/million"),
    ];

    [Fact]
    public async Task Render_Lines_ShowsEachResourceWithBasisCostAndShare()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<CostBreakdown>(p => p.Add(c => c.Lines, Lines).Add(c => c.Total, 0.23m));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal(4, rows.Count);
        var http = cut.Find("tr[data-resource=http]");
        Assert.Contains("100,000 requests × $1.00/million", http.TextContent);
        Assert.Contains("$0.10", http.QuerySelector(".num")!.TextContent);
        Assert.Equal("43.5%", http.QuerySelector(".share")!.TextContent);
        Assert.Equal("0%", cut.Find("tr[data-resource=role] .share").TextContent);
        Assert.Equal("$0.23", cut.Find("[data-testid=cost-total]").TextContent.Trim());
    }

    [Fact]
    public async Task Render_NoTotalGiven_SumsTheLines()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<CostBreakdown>(p => p.Add(c => c.Lines, Lines));

        Assert.Equal("$0.23", cut.Find("[data-testid=cost-total]").TextContent.Trim());
    }

    [Fact]
    public async Task Render_TinyAmounts_KeepTheirSignificantDigits()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<CostBreakdown>(p => p.Add(c => c.Lines, [new CostLine("site", 0.0004m, "1 GET")]));

        Assert.Equal("$0.0004", cut.Find("tr[data-resource=site] .num").TextContent);
        Assert.Equal("100%", cut.Find("tr[data-resource=site] .share").TextContent);
    }

    [Fact]
    public async Task Render_NoLines_SaysNothingIsBilled()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<CostBreakdown>(p => p.Add(c => c.Lines, []));

        Assert.Contains("No billable resources.", cut.Find("tbody").TextContent);
        Assert.Equal("$0.00", cut.Find("[data-testid=cost-total]").TextContent.Trim());
    }

    [Theory]
    [InlineData(1, 4, 0.25)]
    [InlineData(1, 0, 0)]
    [InlineData(5, 4, 1)]
    public void Share_CostOfTotal_IsClampedFraction(int cost, int total, double expected) =>
        Assert.Equal(expected, CostBreakdown.Share(cost, total), 6);
}
