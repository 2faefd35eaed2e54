using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>The app's single on-demand table with a generic pk/sk key, so any data model fits without schema changes.</summary>
public sealed class DynamoDbTableDriver(AwsClientFactory factory, EngineOptions engine, DriverSettings settings) : IResourceDriver
{
    /// <summary>The table's key: generated handlers store every item under a partition and a sort key of strings.</summary>
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";

    public string Kind => ResourceKinds.DynamoDbTable;

    public async Task<ResourceState?> ObserveAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        using var dynamo = factory.CreateDynamoDbClient(context.UserId.ToString());
        var table = await DescribeAsync(dynamo, context.PhysicalName, cancellationToken);

        // A table on its way out is as good as gone: Create waits for it and makes a new one.
        if (table is null || table.TableStatus == TableStatus.DELETING)
        {
            return null;
        }

        return State(table) with { Differences = await CheckAsync(dynamo, context, table, repair: false, cancellationToken) };
    }

    public async Task<ResourceState> CreateAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        using var dynamo = factory.CreateDynamoDbClient(context.UserId.ToString());
        try
        {
            await CreateTableAsync(dynamo, context, cancellationToken);
        }
        catch (ResourceInUseException)
        {
            var existing = await DescribeAsync(dynamo, context.PhysicalName, cancellationToken);
            if (existing is not null && existing.TableStatus != TableStatus.DELETING)
            {
                // Created by an earlier, interrupted run: adopt it.
                return await UpdateAsync(context, State(existing), cancellationToken);
            }

            await WaitUntilGoneAsync(dynamo, context.PhysicalName, cancellationToken);
            await CreateTableAsync(dynamo, context, cancellationToken);
        }

        await context.AfterChangeAsync("dynamodb-table:CreateTable");
        return State(await WaitUntilActiveAsync(dynamo, context.PhysicalName, cancellationToken));
    }

    public async Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState observed, CancellationToken cancellationToken)
    {
        using var dynamo = factory.CreateDynamoDbClient(context.UserId.ToString());
        var table = await WaitUntilActiveAsync(dynamo, context.PhysicalName, cancellationToken);
        var differences = await CheckAsync(dynamo, context, table, repair: true, cancellationToken);
        return differences.Count == 0 ? State(table) : State(await WaitUntilActiveAsync(dynamo, context.PhysicalName, cancellationToken));
    }

    /// <summary>
    /// Lists what differs from the desired table (Observe), and with <paramref name="repair"/> also puts each
    /// difference right (Update): one place for every rule, so Observe calls up to date exactly what Update leaves alone.
    /// </summary>
    private static async Task<List<string>> CheckAsync(
        AmazonDynamoDBClient dynamo, ResourceContext context, TableDescription table, bool repair, CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        if (table.TableStatus != TableStatus.ACTIVE)
        {
            // Not a change to write: Update waits until the table is ACTIVE before anything else.
            differences.Add($"status {table.TableStatus} rather than ACTIVE");
        }

        if (table.BillingModeSummary?.BillingMode == BillingMode.PROVISIONED)
        {
            // Someone switched it to provisioned capacity; apps are sized for on-demand.
            differences.Add("billing mode PROVISIONED rather than on-demand");
            if (repair)
            {
                await dynamo.UpdateTableAsync(new UpdateTableRequest { TableName = context.PhysicalName, BillingMode = BillingMode.PAY_PER_REQUEST }, cancellationToken);
                await context.AfterChangeAsync("dynamodb-table:UpdateTable");
            }
        }

        var tags = await TagsAsync(dynamo, table.TableArn, cancellationToken) ?? [];
        if (ResourceTags.Describe(context.Tags, tags) is { } tagDifference)
        {
            differences.Add(tagDifference);
            if (repair)
            {
                await dynamo.TagResourceAsync(new TagResourceRequest
                {
                    ResourceArn = table.TableArn,
                    Tags = [.. context.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value })],
                }, cancellationToken);
                await context.AfterChangeAsync("dynamodb-table:TagResource");
            }
        }

        return differences;
    }

    public async Task DeleteAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        using var dynamo = factory.CreateDynamoDbClient(context.UserId.ToString());
        try
        {
            await dynamo.DeleteTableAsync(context.PhysicalName, cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
            return;
        }
        catch (ResourceInUseException)
        {
            // Refused while the table is being created, updated or already deleted: wait for the first two to end.
            var table = await DescribeAsync(dynamo, context.PhysicalName, cancellationToken);
            if (table is null || table.TableStatus == TableStatus.DELETING)
            {
                return;
            }

            await WaitUntilActiveAsync(dynamo, context.PhysicalName, cancellationToken);
            try
            {
                await dynamo.DeleteTableAsync(context.PhysicalName, cancellationToken);
            }
            catch (ResourceNotFoundException)
            {
                return;
            }
        }

        await context.AfterChangeAsync("dynamodb-table:DeleteTable");
    }

    /// <summary>Lists with the platform identity: ListTables has no resource a user-scoped session could match.</summary>
    public async Task<IReadOnlyList<ManagedResource>> ListManagedAsync(CancellationToken cancellationToken)
    {
        using var dynamo = factory.CreateDynamoDbClient(AwsCredentialSource.PlatformIdentity);
        var found = new List<ManagedResource>();
        string? start = null;
        do
        {
            var page = await dynamo.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start, Limit = 100 }, cancellationToken);
            foreach (var name in page.TableNames ?? [])
            {
                try
                {
                    var table = await DescribeAsync(dynamo, name, cancellationToken);
                    var tags = table is null ? null : await TagsAsync(dynamo, table.TableArn, cancellationToken);
                    if (tags is not null && ManagedTags.Describe(Kind, name, name, tags, engine) is { } managed)
                    {
                        found.Add(managed);
                    }
                }
                catch (AmazonDynamoDBException ex) when (ex.ErrorCode == "AccessDeniedException")
                {
                    // Tag-scoped permissions only open managed tables, so an unreadable table is not ours.
                }
            }

            start = page.LastEvaluatedTableName;
        }
        while (!string.IsNullOrEmpty(start));

        return found;
    }

    private Task CreateTableAsync(AmazonDynamoDBClient dynamo, ResourceContext context, CancellationToken cancellationToken) =>
        dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = context.PhysicalName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition(PartitionKey, ScalarAttributeType.S), new AttributeDefinition(SortKey, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(PartitionKey, KeyType.HASH), new KeySchemaElement(SortKey, KeyType.RANGE)],
            Tags = context.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
        }, cancellationToken);

    private async Task<TableDescription?> DescribeAsync(AmazonDynamoDBClient dynamo, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await dynamo.DescribeTableAsync(name, cancellationToken)).Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private async Task<TableDescription> WaitUntilActiveAsync(AmazonDynamoDBClient dynamo, string name, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + settings.WaitTimeout;
        while (true)
        {
            var table = await DescribeAsync(dynamo, name, cancellationToken)
                ?? throw new InvalidOperationException($"DynamoDB table {name} does not exist.");
            if (table.TableStatus == TableStatus.ACTIVE)
            {
                return table;
            }

            if (table.TableStatus == TableStatus.DELETING || DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"DynamoDB table {name} is {table.TableStatus}, not ACTIVE.");
            }

            await Task.Delay(settings.PollInterval, cancellationToken);
        }
    }

    private async Task WaitUntilGoneAsync(AmazonDynamoDBClient dynamo, string name, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + settings.WaitTimeout;
        while (await DescribeAsync(dynamo, name, cancellationToken) is not null)
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"DynamoDB table {name} is still being deleted.");
            }

            await Task.Delay(settings.PollInterval, cancellationToken);
        }
    }

    /// <summary>All tags of the table, or null when it was deleted since it was listed.</summary>
    private static async Task<Dictionary<string, string>?> TagsAsync(AmazonDynamoDBClient dynamo, string arn, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        string? next = null;
        do
        {
            ListTagsOfResourceResponse page;
            try
            {
                page = await dynamo.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = arn, NextToken = next }, cancellationToken);
            }
            catch (ResourceNotFoundException)
            {
                return null;
            }

            foreach (var tag in page.Tags ?? [])
            {
                tags[tag.Key] = tag.Value;
            }

            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));

        return tags;
    }

    private static ResourceState State(TableDescription table) =>
        new(table.TableName, table.TableArn, new Dictionary<string, string> { ["tableName"] = table.TableName, ["arn"] = table.TableArn });
}
