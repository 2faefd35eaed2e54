namespace PromptStack.Blueprints;

/// <summary>
/// The generator used when nothing else is configured: the offline template catalog
/// (<see cref="OfflineBlueprintGenerator"/>). Kept so existing registrations keep working; it also owns the
/// canonical full-stack resource list (S3 site, Lambda API, DynamoDB table, HTTP API).
/// </summary>
public sealed class DefaultBlueprintGenerator : IBlueprintGenerator
{
    private readonly OfflineBlueprintGenerator catalog = new();

    public Task<BlueprintResult> GenerateAsync(string prompt, CancellationToken cancellationToken) =>
        catalog.GenerateAsync(prompt, cancellationToken);

    public static IReadOnlyList<BlueprintResource> FullStack { get; } =
    [
        new(ResourceKinds.IamRole, "role", "Execution role of the function, limited to its own table and logs"),
        new(ResourceKinds.DynamoDbTable, "data", "On-demand table holding the app's data"),
        new(ResourceKinds.S3Bucket, "site", "Website bucket serving the frontend"),
        new(ResourceKinds.LambdaFunction, "api", "Node.js 20 function answering the API"),
        new(ResourceKinds.HttpApi, "http", "HTTP API routing every request to the function"),
    ];
}
