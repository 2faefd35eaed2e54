using System.Net;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>
/// The app's function, created with placeholder code; application code arrives later through the deployer,
/// so Update only ever touches configuration, never code.
/// </summary>
public sealed class LambdaFunctionDriver(AwsClientFactory factory, EngineOptions engine, DriverSettings settings) : IResourceDriver
{
    public const string TableNameVariable = "TABLE_NAME";
    public const string RuntimeName = "nodejs20.x";
    public const string HandlerName = "index.handler";
    public const int MemorySizeMb = 256;
    public const int TimeoutSeconds = 10;

    public string Kind => ResourceKinds.LambdaFunction;

    /// <summary>A zip whose index.mjs answers 200 with a "deploy an application" message.</summary>
    public static byte[] PlaceholderZip() => PlaceholderCode.Zip();

    /// <summary>CodeSha256 Lambda reports for <see cref="PlaceholderZip"/>.</summary>
    public static string PlaceholderSha256 => PlaceholderCode.Sha256;

    public async Task<ResourceState?> ObserveAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var lambda = Client(context.UserId.ToString());
        var function = await lambda.GetFunctionAsync(context.PhysicalName, cancellationToken);
        if (function is null)
        {
            return null;
        }

        var differences = new List<string>();
        if (function.State != "Active" || function.LastUpdateStatus is "InProgress")
        {
            // Not a change to write: Update waits for the function to settle before anything else.
            differences.Add($"state {function.State}, last update {function.LastUpdateStatus ?? "unknown"}");
        }

        differences.AddRange(await CheckAsync(lambda, context, function, repair: false, cancellationToken));
        return State(function) with { Differences = differences };
    }

    /// <summary>
    /// The settings Update puts right (by one UpdateFunctionConfiguration), as words; empty when all are as
    /// created. Code is left out on purpose: it belongs to the deployer.
    /// </summary>
    public static IReadOnlyList<string> ConfigurationDifferences(LambdaFunctionInfo function, string roleArn, string tableName)
    {
        var differences = new List<string>();
        if (function.Role != roleArn)
        {
            differences.Add("execution role");
        }

        if (function.Environment.GetValueOrDefault(TableNameVariable) != tableName)
        {
            differences.Add(TableNameVariable);
        }

        if (function.Runtime != RuntimeName)
        {
            differences.Add("runtime");
        }

        if (function.Handler != HandlerName)
        {
            differences.Add("handler");
        }

        if (function.MemorySize != MemorySizeMb)
        {
            differences.Add("memory size");
        }

        if (function.Timeout != TimeoutSeconds)
        {
            differences.Add("timeout");
        }

        return differences;
    }

    public async Task<ResourceState> CreateAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var lambda = Client(context.UserId.ToString());
        try
        {
            // The transport retries the seconds after the role was created, while Lambda still says it "cannot be assumed".
            await lambda.CreateFunctionAsync(new LambdaCreateFunctionRequest
            {
                FunctionName = context.PhysicalName,
                ZipFile = PlaceholderCode.Zip(),
                RoleArn = RoleArn(context),
                Runtime = RuntimeName,
                Handler = HandlerName,
                Environment = new Dictionary<string, string> { [TableNameVariable] = TableName(context) },
                MemorySize = MemorySizeMb,
                Timeout = TimeoutSeconds,
                Tags = context.Tags,
            }, cancellationToken);
        }
        catch (AwsApiException ex) when (ex.IsAlreadyExists)
        {
            // Created by an earlier, interrupted run: adopt it.
            var existing = await ObserveAsync(context, cancellationToken)
                ?? throw new InvalidOperationException($"Lambda function {context.PhysicalName} exists but cannot be read.", ex);
            return await UpdateAsync(context, existing, cancellationToken);
        }

        await context.AfterChangeAsync("lambda-function:CreateFunction");
        return State(await lambda.WaitUntilActiveAsync(context.PhysicalName, settings.WaitTimeout, cancellationToken));
    }

    public async Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState observed, CancellationToken cancellationToken)
    {
        var lambda = Client(context.UserId.ToString());
        await lambda.WaitUntilActiveAsync(context.PhysicalName, settings.WaitTimeout, cancellationToken);
        var function = await lambda.WaitUntilUpdatedAsync(context.PhysicalName, settings.WaitTimeout, cancellationToken);
        var differences = await CheckAsync(lambda, context, function, repair: true, cancellationToken);
        return differences.Count == 0 ? State(function) : State(await lambda.WaitUntilUpdatedAsync(context.PhysicalName, settings.WaitTimeout, cancellationToken));
    }

    /// <summary>
    /// Lists what differs from the desired function (Observe), and with <paramref name="repair"/> also puts it
    /// right (Update): one place for every rule, so Observe calls up to date exactly what Update leaves alone.
    /// </summary>
    private static async Task<List<string>> CheckAsync(
        LambdaClient lambda, ResourceContext context, LambdaFunctionInfo function, bool repair, CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        if (ResourceTags.Describe(context.Tags, function.Tags) is { } tagDifference)
        {
            differences.Add(tagDifference);
            if (repair)
            {
                await lambda.TagResourceAsync(function.FunctionArn, context.Tags, cancellationToken);
                await context.AfterChangeAsync("lambda-function:TagResource");
            }
        }

        var roleArn = RoleArn(context);
        var tableName = TableName(context);
        var settingDifferences = ConfigurationDifferences(function, roleArn, tableName);
        if (settingDifferences.Count == 0)
        {
            return differences;
        }

        differences.AddRange(settingDifferences);
        if (repair)
        {
            // Keep variables the deployed application added; only TABLE_NAME is the stack's to set.
            var environment = new Dictionary<string, string>(function.Environment, StringComparer.Ordinal) { [TableNameVariable] = tableName };
            await lambda.UpdateFunctionConfigurationAsync(context.PhysicalName, new LambdaConfigurationUpdate
            {
                RoleArn = roleArn,
                Environment = environment,
                Runtime = RuntimeName,
                Handler = HandlerName,
                MemorySize = MemorySizeMb,
                Timeout = TimeoutSeconds,
            }, cancellationToken);
            await context.AfterChangeAsync("lambda-function:UpdateFunctionConfiguration");
        }

        return differences;
    }

    public async Task DeleteAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (await Client(context.UserId.ToString()).DeleteFunctionAsync(context.PhysicalName, cancellationToken))
        {
            await context.AfterChangeAsync("lambda-function:DeleteFunction");
        }
    }

    /// <summary>Lists with the platform identity: ListFunctions has no resource a user-scoped session could match.</summary>
    public async Task<IReadOnlyList<ManagedResource>> ListManagedAsync(CancellationToken cancellationToken)
    {
        var lambda = Client(AwsCredentialSource.PlatformIdentity);
        var found = new List<ManagedResource>();
        foreach (var function in await lambda.ListFunctionsAsync(cancellationToken))
        {
            IReadOnlyDictionary<string, string> tags;
            try
            {
                tags = await lambda.ListTagsAsync(function.FunctionArn, cancellationToken);
            }
            catch (AwsApiException ex) when (ex.IsNotFound || ex.StatusCode == HttpStatusCode.Forbidden)
            {
                // Deleted since it was listed, or a function the platform may not read: tag-scoped
                // permissions only open managed functions, so an unreadable one is not ours.
                continue;
            }

            if (ManagedTags.Describe(Kind, function.FunctionName, function.FunctionName, tags, engine) is { } managed)
            {
                found.Add(managed);
            }
        }

        return found;
    }

    private LambdaClient Client(string userId)
    {
        var client = factory.CreateLambdaClient(userId);
        client.PollInterval = settings.PollInterval;
        return client;
    }

    private static string RoleArn(ResourceContext context)
    {
        var role = context.Dependency(ResourceKinds.IamRole);
        return role.Arn ?? role.Attribute("arn") ?? throw new InvalidOperationException($"{context.LogicalName} needs the role's ARN.");
    }

    private static string TableName(ResourceContext context)
    {
        var table = context.Dependency(ResourceKinds.DynamoDbTable);
        return table.Attribute("tableName") ?? table.PhysicalId;
    }

    private static ResourceState State(LambdaFunctionInfo function) =>
        new(function.FunctionName, function.FunctionArn, new Dictionary<string, string>
        {
            ["functionName"] = function.FunctionName,
            ["arn"] = function.FunctionArn,
        });
}
