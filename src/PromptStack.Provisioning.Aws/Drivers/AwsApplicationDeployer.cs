using PromptStack.Blueprints;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>Puts applications onto AWS stacks and takes them off (empty site bucket, placeholder function code).</summary>
/// <param name="settings">Wait settings; the defaults when null.</param>
/// <param name="relativeApiUrl">
/// True when sites are served through the platform's local preview, which proxies <c>api/</c> next to
/// the page; false for real S3 websites, which call the HTTP API's own URL.
/// </param>
public sealed class AwsApplicationDeployer(AwsClientFactory factory, DriverSettings? settings = null, bool relativeApiUrl = false) : IApplicationDeployer
{
    private readonly DriverSettings _settings = settings ?? new DriverSettings();

    /// <summary>
    /// Code first, then files, then removal of files the new version no longer has; every step is
    /// idempotent, so an interrupted deploy is completed by running it again.
    /// </summary>
    public async Task DeployAsync(ApplicationContext context, CancellationToken cancellationToken)
    {
        var blueprint = ApplicationPackage.Read(context.BlueprintJson);
        if (blueprint.HandlerCode is { } code && context.Resources.TryGetValue(ResourceKinds.LambdaFunction, out var function))
        {
            await UpdateCodeAsync(context, function.Attribute("functionName") ?? function.PhysicalId, ApplicationPackage.HandlerZip(code), cancellationToken);
        }

        if (context.Resources.TryGetValue(ResourceKinds.S3Bucket, out var bucketState))
        {
            var apiUrl = !context.Resources.TryGetValue(ResourceKinds.HttpApi, out var api) ? null
                : relativeApiUrl ? "api" : api.Attribute("endpoint");
            await SiteUpload.ReplaceAsync(factory, context, bucketState.Attribute("bucketName") ?? bucketState.PhysicalId,
                ApplicationPackage.SiteFiles(blueprint, apiUrl), cancellationToken);
        }
    }

    private async Task UpdateCodeAsync(ApplicationContext context, string functionName, byte[] zip, CancellationToken cancellationToken)
    {
        var lambda = factory.CreateLambdaClient(context.UserId.ToString());
        lambda.PollInterval = _settings.PollInterval;
        await lambda.WaitUntilUpdatedAsync(functionName, _settings.WaitTimeout, cancellationToken);
        await lambda.UpdateFunctionCodeAsync(functionName, zip, cancellationToken);
        await context.AfterChangeAsync("deploy:UpdateFunctionCode");
        await lambda.WaitUntilUpdatedAsync(functionName, _settings.WaitTimeout, cancellationToken);
        await context.LogAsync($"Function {functionName} runs version {context.Version} ({zip.Length:N0} bytes zipped).");
    }

    /// <summary>
    /// Idempotent: an empty bucket and a function already on the placeholder are left alone, so a purge
    /// interrupted at any step can simply run again. Resources the stack lacks are skipped.
    /// </summary>
    public async Task PurgeAsync(ApplicationContext context, CancellationToken cancellationToken)
    {
        var userId = context.UserId.ToString();
        if (context.Resources.TryGetValue(ResourceKinds.S3Bucket, out var bucketState))
        {
            var bucket = bucketState.Attribute("bucketName") ?? bucketState.PhysicalId;
            using var s3 = factory.CreateS3Client(userId);
            var deleted = await BucketContents.EmptyAsync(s3, bucket, async count =>
            {
                await context.AfterChangeAsync("purge:DeleteObjects");
                await context.LogAsync($"Deleted {count} objects from bucket {bucket}.");
            }, cancellationToken);
            await context.LogAsync(deleted switch
            {
                null => $"Bucket {bucket} does not exist; nothing to empty.",
                0 => $"Bucket {bucket} is empty.",
                _ => $"Bucket {bucket} emptied ({deleted} objects deleted).",
            });
        }

        if (context.Resources.TryGetValue(ResourceKinds.LambdaFunction, out var functionState))
        {
            await ResetFunctionAsync(context, functionState.Attribute("functionName") ?? functionState.PhysicalId, cancellationToken);
        }
    }

    private async Task ResetFunctionAsync(ApplicationContext context, string functionName, CancellationToken cancellationToken)
    {
        var lambda = factory.CreateLambdaClient(context.UserId.ToString());
        lambda.PollInterval = _settings.PollInterval;
        var function = await lambda.GetFunctionAsync(functionName, cancellationToken);
        if (function is null)
        {
            await context.LogAsync($"Function {functionName} does not exist; nothing to reset.");
            return;
        }

        if (function.CodeSha256 == PlaceholderCode.Sha256)
        {
            await context.LogAsync($"Function {functionName} already runs the placeholder code.");
            return;
        }

        // An update still in progress (e.g. from a deploy) is refused with ResourceConflictException; wait it out first.
        await lambda.WaitUntilUpdatedAsync(functionName, _settings.WaitTimeout, cancellationToken);
        await lambda.UpdateFunctionCodeAsync(functionName, PlaceholderCode.Zip(), cancellationToken);
        await context.AfterChangeAsync("purge:UpdateFunctionCode");
        await lambda.WaitUntilUpdatedAsync(functionName, _settings.WaitTimeout, cancellationToken);
        await context.LogAsync($"Function {functionName} reset to the placeholder code.");
    }
}
