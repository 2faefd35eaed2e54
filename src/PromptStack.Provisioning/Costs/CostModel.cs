using System.Globalization;
using PromptStack.Blueprints;

namespace PromptStack.Provisioning.Costs;

/// <summary>Prices a blueprint's usage profile, resource by resource.</summary>
public sealed class CostModel(PriceTable prices)
{
    /// <summary>AWS bills a month as 730 hours.</summary>
    public const decimal HoursPerMonth = 730m;

    public CostModel() : this(PriceTable.UsEast1)
    {
    }

    public CostEstimate Estimate(Blueprint blueprint)
    {
        var u = blueprint.Usage;
        var lines = new List<CostLine>();
        foreach (var resource in blueprint.Resources)
        {
            lines.Add(resource.Kind switch
            {
                ResourceKinds.LambdaFunction => Lambda(resource.Name, u),
                ResourceKinds.HttpApi => HttpApi(resource.Name, u),
                ResourceKinds.DynamoDbTable => Dynamo(resource.Name, u),
                ResourceKinds.S3Bucket => S3(resource.Name, u),
                ResourceKinds.IamRole => new CostLine(resource.Name, 0m, "IAM roles are free"),
                _ => throw new ArgumentException($"No price for resource kind '{resource.Kind}'.", nameof(blueprint)),
            });
        }

        return new CostEstimate(Math.Round(lines.Sum(l => l.MonthlyCost), 2), lines);
    }

    /// <summary>The share of a monthly estimate used up by infrastructure that has existed for <paramref name="elapsed"/>.</summary>
    public static decimal Accrued(decimal monthlyCost, TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero ? 0m : Math.Round(monthlyCost * (decimal)elapsed.TotalHours / HoursPerMonth, 6);

    private CostLine Lambda(string name, UsageProfile u)
    {
        var gbSeconds = u.MonthlyRequests * (u.AverageDurationMs / 1000m) * (u.MemoryMb / 1024m);
        var cost = u.MonthlyRequests / 1_000_000m * prices.LambdaPerMillionRequests + gbSeconds * prices.LambdaPerGbSecond;
        return new CostLine(name, Round(cost),
            $"{N(u.MonthlyRequests)} requests × ${prices.LambdaPerMillionRequests}/million + {N(gbSeconds)} GB-s ({u.AverageDurationMs} ms at {u.MemoryMb} MB) × ${prices.LambdaPerGbSecond}/GB-s");
    }

    private CostLine HttpApi(string name, UsageProfile u) =>
        new(name, Round(u.MonthlyRequests / 1_000_000m * prices.HttpApiPerMillionRequests),
            $"{N(u.MonthlyRequests)} requests × ${prices.HttpApiPerMillionRequests}/million");

    private CostLine Dynamo(string name, UsageProfile u)
    {
        var cost = u.DynamoWrites / 1_000_000m * prices.DynamoPerMillionWrites
            + u.DynamoReads / 1_000_000m * prices.DynamoPerMillionReads
            + u.DynamoStorageGb * prices.DynamoPerGbMonth;
        return new CostLine(name, Round(cost),
            $"{N(u.DynamoWrites)} writes × ${prices.DynamoPerMillionWrites}/million + {N(u.DynamoReads)} reads × ${prices.DynamoPerMillionReads}/million + {N(u.DynamoStorageGb)} GB × ${prices.DynamoPerGbMonth}/GB-month (on-demand)");
    }

    private CostLine S3(string name, UsageProfile u)
    {
        var cost = u.S3StorageGb * prices.S3PerGbMonth
            + u.S3Puts / 1000m * prices.S3PerThousandPuts
            + u.S3Gets / 1000m * prices.S3PerThousandGets;
        return new CostLine(name, Round(cost),
            $"{N(u.S3StorageGb)} GB × ${prices.S3PerGbMonth}/GB-month + {N(u.S3Puts)} PUTs × ${prices.S3PerThousandPuts}/1,000 + {N(u.S3Gets)} GETs × ${prices.S3PerThousandGets}/1,000");
    }

    private static decimal Round(decimal value) => Math.Round(value, 4);

    private static string N(decimal value) => value.ToString("#,0.###", CultureInfo.InvariantCulture);
}
