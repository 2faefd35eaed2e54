using PromptStack.Blueprints;
using PromptStack.Provisioning.Costs;

namespace PromptStack.UnitTests.Costs;

public sealed class CostModelTests
{
    private static readonly CostModel Model = new();

    private static Blueprint FullStack(UsageProfile usage) => new()
    {
        Template = "t", Title = "t", Summary = "t", Resources = DefaultBlueprintGenerator.FullStack, Usage = usage,
    };

    private static decimal Line(CostEstimate e, string resource) => e.Breakdown.Single(l => l.Resource == resource).MonthlyCost;

    [Fact]
    public void Estimate_SmallProfile_MatchesHandComputedFigures()
    {
        // 100,000 requests, 120 ms at 256 MB, 20,000 writes, 100,000 reads, 0.15 GB table, 0.05 GB site, 50 PUTs, 100,000 GETs.
        var e = Model.Estimate(FullStack(UsageProfile.ForMonthlyRequests(100_000)));

        // Lambda: 0.1 M × 0.20 = 0.02; 100,000 × 0.12 s × 0.25 GB = 3,000 GB-s × 0.0000166667 = 0.0500001 → 0.0700
        Assert.Equal(0.0700m, Line(e, "api"));
        // HTTP API: 0.1 M × 1.00 = 0.10
        Assert.Equal(0.1000m, Line(e, "http"));
        // DynamoDB: 0.02 M × 0.625 = 0.0125; 0.1 M × 0.125 = 0.0125; 0.15 GB × 0.25 = 0.0375 → 0.0625
        Assert.Equal(0.0625m, Line(e, "data"));
        // S3: 0.05 × 0.023 = 0.00115; 50/1000 × 0.005 = 0.00025; 100 × 0.0004 = 0.04 → 0.0414
        Assert.Equal(0.0414m, Line(e, "site"));
        Assert.Equal(0m, Line(e, "role"));
        // 0.07 + 0.10 + 0.0625 + 0.0414 = 0.2739 → 0.27
        Assert.Equal(0.27m, e.EstimatedMonthlyCost);
    }

    [Fact]
    public void Estimate_EightMillionRequests_MatchesHandComputedFigures()
    {
        var e = Model.Estimate(FullStack(UsageProfile.ForMonthlyRequests(8_000_000)));

        // Lambda: 8 × 0.20 = 1.60; 8e6 × 0.12 × 0.25 = 240,000 GB-s × 0.0000166667 = 4.000008 → 5.6000
        Assert.Equal(5.6000m, Line(e, "api"));
        Assert.Equal(8.0000m, Line(e, "http"));
        // DynamoDB: 1.6 M writes × 0.625 = 1.00; 8 M reads × 0.125 = 1.00; (0.1 + 8 × 0.5) = 4.1 GB × 0.25 = 1.025 → 3.025
        Assert.Equal(3.0250m, Line(e, "data"));
        // S3: 0.00115 + 0.00025 + 8,000 × 0.0004 = 3.2014
        Assert.Equal(3.2014m, Line(e, "site"));
        // 5.6 + 8 + 3.025 + 3.2014 = 19.8264 → 19.83
        Assert.Equal(19.83m, e.EstimatedMonthlyCost);
    }

    [Fact]
    public void Estimate_CustomProfileWithOnlyABucket_PricesTheBucketOnly()
    {
        var usage = new UsageProfile { S3StorageGb = 2m, S3Puts = 10_000, S3Gets = 1_000_000 };
        var blueprint = FullStack(usage) with { Resources = [new BlueprintResource(ResourceKinds.S3Bucket, "site", "site")] };

        var e = Model.Estimate(blueprint);

        // 2 × 0.023 = 0.046; 10 × 0.005 = 0.05; 1,000 × 0.0004 = 0.40 → 0.496 → 0.50
        Assert.Equal(0.4960m, Line(e, "site"));
        Assert.Single(e.Breakdown);
        Assert.Equal(0.50m, e.EstimatedMonthlyCost);
    }

    [Fact]
    public void Estimate_ThirtyMillionRequests_IsOverTheFiftyDollarDefaultLimit()
    {
        var e = Model.Estimate(FullStack(UsageProfile.ForMonthlyRequests(30_000_000)));

        // Lambda 6 + 15.00003 = 21.0000; API 30; so well above 50.
        Assert.Equal(21.0000m, Line(e, "api"));
        Assert.Equal(30.0000m, Line(e, "http"));
        Assert.True(e.EstimatedMonthlyCost > 50m);
    }

    [Fact]
    public void Estimate_UnknownKind_Throws()
    {
        var blueprint = FullStack(UsageProfile.ForMonthlyRequests(1)) with { Resources = [new BlueprintResource("ec2-instance", "vm", "")] };

        Assert.Throws<ArgumentException>(() => Model.Estimate(blueprint));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(73, 1.0)]
    [InlineData(730, 10.0)]
    public void Accrued_ProRatesOver730Hours(double hours, double expected)
    {
        Assert.Equal((decimal)expected, CostModel.Accrued(10m, TimeSpan.FromHours(hours)));
    }

    [Fact]
    public void Basis_NamesTheUnitPrices()
    {
        var e = Model.Estimate(FullStack(UsageProfile.ForMonthlyRequests(100_000)));

        Assert.Contains("$0.20/million", Line2(e, "api"), StringComparison.Ordinal);
        Assert.Contains("$1.00/million", Line2(e, "http"), StringComparison.Ordinal);
        Assert.Contains("on-demand", Line2(e, "data"), StringComparison.Ordinal);
    }

    private static string Line2(CostEstimate e, string resource) => e.Breakdown.Single(l => l.Resource == resource).Basis;
}
