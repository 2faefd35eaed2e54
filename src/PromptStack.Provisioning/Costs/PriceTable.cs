namespace PromptStack.Provisioning.Costs;

/// <summary>us-east-1 list prices in US dollars.</summary>
public sealed record PriceTable
{
    public decimal LambdaPerMillionRequests { get; init; } = 0.20m;
    public decimal LambdaPerGbSecond { get; init; } = 0.0000166667m;
    public decimal HttpApiPerMillionRequests { get; init; } = 1.00m;
    public decimal DynamoPerMillionWrites { get; init; } = 0.625m;
    public decimal DynamoPerMillionReads { get; init; } = 0.125m;
    public decimal DynamoPerGbMonth { get; init; } = 0.25m;
    public decimal S3PerGbMonth { get; init; } = 0.023m;
    public decimal S3PerThousandPuts { get; init; } = 0.005m;
    public decimal S3PerThousandGets { get; init; } = 0.0004m;

    public static PriceTable UsEast1 { get; } = new();
}
