namespace PromptStack.Blueprints;

/// <summary>Expected monthly usage of an app; the cost model prices it.</summary>
public sealed record UsageProfile
{
    public long MonthlyRequests { get; init; }
    public int AverageDurationMs { get; init; }
    public int MemoryMb { get; init; }
    public long DynamoWrites { get; init; }
    public long DynamoReads { get; init; }
    public decimal DynamoStorageGb { get; init; }
    public decimal S3StorageGb { get; init; }
    public long S3Puts { get; init; }
    public long S3Gets { get; init; }

    /// <summary>A small app: the default when a prompt says nothing about traffic.</summary>
    public static UsageProfile ForMonthlyRequests(long requests) => new()
    {
        MonthlyRequests = requests,
        AverageDurationMs = 120,
        MemoryMb = 256,
        DynamoWrites = requests / 5,
        DynamoReads = requests,
        DynamoStorageGb = 0.1m + (requests / 1_000_000m * 0.5m),
        S3StorageGb = 0.05m,
        S3Puts = 50,
        S3Gets = requests,
    };
}
