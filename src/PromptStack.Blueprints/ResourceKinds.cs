namespace PromptStack.Blueprints;

/// <summary>The resource kinds a blueprint may ask for; nothing else is ever provisioned.</summary>
public static class ResourceKinds
{
    public const string IamRole = "iam-role";
    public const string DynamoDbTable = "dynamodb-table";
    public const string S3Bucket = "s3-bucket";
    public const string LambdaFunction = "lambda-function";
    public const string HttpApi = "http-api";

    public static readonly IReadOnlyList<string> All = [IamRole, DynamoDbTable, S3Bucket, LambdaFunction, HttpApi];
}
