namespace PromptStack.Blueprints;

/// <summary>
/// Until the template catalog exists every prompt becomes the same full stack
/// (S3 site, Lambda API, DynamoDB table, HTTP API), sized by the traffic the prompt names.
/// </summary>
public sealed class DefaultBlueprintGenerator : IBlueprintGenerator
{
    public Task<BlueprintResult> GenerateAsync(string prompt, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return Task.FromResult(BlueprintResult.Refused("Describe the app you want, e.g. \"a to-do list\"."));
        }

        var blueprint = new Blueprint
        {
            Template = "web-app",
            Title = "Web app",
            Summary = "A static website in S3 backed by a Lambda function behind an HTTP API, storing data in DynamoDB.",
            Resources = FullStack,
            Usage = UsageProfile.ForMonthlyRequests(TrafficParser.MonthlyRequests(prompt)),
        };
        return Task.FromResult(BlueprintResult.Made(blueprint));
    }

    public static IReadOnlyList<BlueprintResource> FullStack { get; } =
    [
        new(ResourceKinds.IamRole, "role", "Execution role of the function, limited to its own table and logs"),
        new(ResourceKinds.DynamoDbTable, "data", "On-demand table holding the app's data"),
        new(ResourceKinds.S3Bucket, "site", "Website bucket serving the frontend"),
        new(ResourceKinds.LambdaFunction, "api", "Node.js 20 function answering the API"),
        new(ResourceKinds.HttpApi, "http", "HTTP API routing every request to the function"),
    ];
}
