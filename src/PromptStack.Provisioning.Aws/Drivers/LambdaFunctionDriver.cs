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
        return function is null ? null : State(function);
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
        var roleArn = RoleArn(context);
        var tableName = TableName(context);
        if (function.Role == roleArn && function.Environment.GetValueOrDefault(TableNameVariable) == tableName)
        {
            return State(function);
        }

        // Keep variables the deployed application added; only TABLE_NAME is the stack's to set.
        var environment = new Dictionary<string, string>(function.Environment, StringComparer.Ordinal) { [TableNameVariable] = tableName };
        await lambda.UpdateFunctionConfigurationAsync(
            context.PhysicalName, new LambdaConfigurationUpdate { RoleArn = roleArn, Environment = environment }, cancellationToken);
        await context.AfterChangeAsync("lambda-function:UpdateFunctionConfiguration");
        return State(await lambda.WaitUntilUpdatedAsync(context.PhysicalName, settings.WaitTimeout, cancellationToken));
    }

    public async Task DeleteAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var lambda = Client(context.UserId.ToString());
        if (await lambda.GetFunctionAsync(context.PhysicalName, cancellationToken) is null)
        {
            return;
        }

        await lambda.DeleteFunctionAsync(context.PhysicalName, cancellationToken);
        await context.AfterChangeAsync("lambda-function:DeleteFunction");
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
