using System.Collections.Concurrent;
using Amazon.DynamoDBv2.Model;
using PromptStack.Provisioning.Aws;

namespace PromptStack.IntegrationTests.Infrastructure;

public sealed record CloudResource(string Kind, string Name, string? Id, IReadOnlyDictionary<string, string> Tags);

/// <summary>Lists, with the AWS APIs themselves, every resource of the five kinds and its tags.</summary>
public static class CloudInventory
{
    // A thousand resources (200 stacks) take a call or two each: a few at a time keeps that to seconds.
    private static readonly ParallelOptions FewAtATime = new() { MaxDegreeOfParallelism = 8 };

    public static async Task<List<CloudResource>> AllAsync(AwsClientFactory factory)
    {
        const string who = "inventory";
        var found = new ConcurrentBag<CloudResource>();

        var iam = factory.CreateIamClient(who);
        await Parallel.ForEachAsync(await iam.ListRolesAsync(), FewAtATime, async (role, ct) =>
            found.Add(new CloudResource("iam-role", role.RoleName, role.Arn, await iam.ListRoleTagsAsync(role.RoleName, ct))));

        // ListTables answers at most 100 names a page; more stacks than that need every page.
        using var dynamo = factory.CreateDynamoDbClient(who);
        var tables = new List<string>();
        string? start = null;
        do
        {
            var page = await dynamo.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start, Limit = 100 });
            tables.AddRange(page.TableNames ?? []);
            start = page.LastEvaluatedTableName;
        }
        while (!string.IsNullOrEmpty(start));

        await Parallel.ForEachAsync(tables, FewAtATime, async (table, ct) =>
        {
            var description = await dynamo.DescribeTableAsync(table, ct);
            var tags = await dynamo.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = description.Table.TableArn }, ct);
            found.Add(new CloudResource("dynamodb-table", table, description.Table.TableArn, (tags.Tags ?? []).ToDictionary(t => t.Key, t => t.Value)));
        });

        using var s3 = factory.CreateS3Client(who);
        var buckets = new List<string>();
        string? token = null;
        do
        {
            var page = await s3.ListBucketsAsync(new Amazon.S3.Model.ListBucketsRequest { ContinuationToken = token });
            buckets.AddRange((page.Buckets ?? []).Select(b => b.BucketName));
            token = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(token));

        await Parallel.ForEachAsync(buckets, FewAtATime, async (bucket, ct) =>
        {
            var tags = await s3.GetBucketTaggingAsync(new Amazon.S3.Model.GetBucketTaggingRequest { BucketName = bucket }, ct);
            found.Add(new CloudResource("s3-bucket", bucket, null, (tags.TagSet ?? []).ToDictionary(t => t.Key, t => t.Value)));
        });

        var lambda = factory.CreateLambdaClient(who);
        await Parallel.ForEachAsync(await lambda.ListFunctionsAsync(), FewAtATime, async (function, ct) =>
            found.Add(new CloudResource("lambda-function", function.FunctionName, function.FunctionArn, await lambda.ListTagsAsync(function.FunctionArn, ct))));

        var apis = factory.CreateApiGatewayClient(who);
        foreach (var api in await apis.GetApisAsync())
        {
            found.Add(new CloudResource("http-api", api.Name, api.ApiId, api.Tags));
        }

        return [.. found.OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>The kinds each of <paramref name="projectIds"/> owns in the cloud (by ProjectId tag), sorted; none for a project without any.</summary>
    public static async Task<Dictionary<string, List<string>>> KindsByProjectAsync(AwsClientFactory factory, IEnumerable<string> projectIds)
    {
        var ids = projectIds.ToHashSet(StringComparer.Ordinal);
        var owned = (await AllAsync(factory)).Where(r => r.Tags.TryGetValue("ProjectId", out var p) && ids.Contains(p)).ToList();
        return ids.ToDictionary(id => id, id => owned.Where(r => r.Tags["ProjectId"] == id).Select(r => r.Kind).Order(StringComparer.Ordinal).ToList());
    }

    public static async Task<List<CloudResource>> ForProjectAsync(AwsClientFactory factory, string projectId) =>
        (await AllAsync(factory)).Where(r => r.Tags.TryGetValue("ProjectId", out var p) && p == projectId).ToList();
}
