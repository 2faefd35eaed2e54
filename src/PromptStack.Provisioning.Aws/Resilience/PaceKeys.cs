namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>The operation classes calls are paced by; reads and writes are separate because AWS limits them apart.</summary>
public static class PaceKeys
{
    public const string LambdaWrite = "lambda:write";
    public const string LambdaRead = "lambda:read";
    public const string IamWrite = "iam:write";
    public const string IamRead = "iam:read";
    public const string ApiGatewayWrite = "apigateway:write";
    public const string ApiGatewayRead = "apigateway:read";
    public const string S3 = "s3";
    public const string DynamoDbControl = "dynamodb:control";
    public const string DynamoDbData = "dynamodb:data";
    public const string Sts = "sts";

    private static readonly HashSet<string> DynamoDbControlOperations = new(StringComparer.Ordinal)
    {
        "CreateTable", "UpdateTable", "DeleteTable", "DescribeTable", "ListTables", "TagResource", "UntagResource",
        "ListTagsOfResource", "UpdateTimeToLive", "DescribeTimeToLive", "UpdateContinuousBackups", "DescribeContinuousBackups",
    };

    /// <summary>REST-JSON services: GET reads, every other method changes something.</summary>
    public static string ForRest(string service, HttpMethod method) => $"{service}:{(method == HttpMethod.Get ? "read" : "write")}";

    /// <summary>Query-protocol services (IAM): the action's verb says whether it reads.</summary>
    public static string ForQuery(string service, string action) =>
        $"{service}:{(action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal) ? "read" : "write")}";

    /// <summary>DynamoDB's JSON protocol names the operation in X-Amz-Target ("DynamoDB_20120810.CreateTable").</summary>
    public static string ForDynamoDb(HttpRequestMessage request)
    {
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.FirstOrDefault() : null;
        var operation = target?[(target.LastIndexOf('.') + 1)..];
        return operation is not null && DynamoDbControlOperations.Contains(operation) ? DynamoDbControl : DynamoDbData;
    }
}
