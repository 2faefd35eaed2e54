using Amazon.DynamoDBv2.Model;
using PromptStack.Provisioning.Aws;

namespace PromptStack.IntegrationTests.Infrastructure;

public sealed record CloudResource(string Kind, string Name, string? Id, IReadOnlyDictionary<string, string> Tags);

/// <summary>Lists, with the AWS APIs themselves, every resource of the five kinds and its tags.</summary>
public static class CloudInventory
{
    public static async Task<List<CloudResource>> AllAsync(AwsClientFactory factory)
    {
        const string who = "inventory";
        var found = new List<CloudResource>();

        var iam = factory.CreateIamClient(who);
        foreach (var role in await iam.ListRolesAsync())
        {
            found.Add(new CloudResource("iam-role", role.RoleName, role.Arn, await iam.ListRoleTagsAsync(role.RoleName)));
        }

        using var dynamo = factory.CreateDynamoDbClient(who);
        foreach (var table in (await dynamo.ListTablesAsync(new ListTablesRequest())).TableNames ?? [])
        {
            var description = await dynamo.DescribeTableAsync(table);
            var tags = await dynamo.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = description.Table.TableArn });
            found.Add(new CloudResource("dynamodb-table", table, description.Table.TableArn,
                (tags.Tags ?? []).ToDictionary(t => t.Key, t => t.Value)));
        }

        using var s3 = factory.CreateS3Client(who);
        foreach (var bucket in (await s3.ListBucketsAsync()).Buckets ?? [])
        {
            var tags = await s3.GetBucketTaggingAsync(new Amazon.S3.Model.GetBucketTaggingRequest { BucketName = bucket.BucketName });
            found.Add(new CloudResource("s3-bucket", bucket.BucketName, null, (tags.TagSet ?? []).ToDictionary(t => t.Key, t => t.Value)));
        }

        var lambda = factory.CreateLambdaClient(who);
        foreach (var function in await lambda.ListFunctionsAsync())
        {
            found.Add(new CloudResource("lambda-function", function.FunctionName, function.FunctionArn, await lambda.ListTagsAsync(function.FunctionArn)));
        }

        var apis = factory.CreateApiGatewayClient(who);
        foreach (var api in await apis.GetApisAsync())
        {
            found.Add(new CloudResource("http-api", api.Name, api.ApiId, api.Tags));
        }

        return found;
    }

    public static async Task<List<CloudResource>> ForProjectAsync(AwsClientFactory factory, string projectId) =>
        (await AllAsync(factory)).Where(r => r.Tags.TryGetValue("ProjectId", out var p) && p == projectId).ToList();
}
