using PromptStack.Blueprints;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Engine;
using PromptStack.Web.Infrastructure.Verify;

namespace PromptStack.IntegrationTests.Api;

/// <summary>The canary stack when a driver fails half-way: whatever was made is still deleted, or named when it cannot be.</summary>
public sealed class VerifyCanaryFailureTests(SharedMoto moto) : IClassFixture<SharedMoto>
{
    [Fact]
    public async Task Canaries_CreateFailsAfterTheFunctionExists_ReportsItSkipsTheApiAndDeletesEverything()
    {
        var (drivers, factory, settings) = Drivers();
        var failing = drivers.Select(d => d.Kind == ResourceKinds.LambdaFunction ? new FaultyDriver(d) { FailAfterCreate = true } : d).ToList();
        var output = new StringWriter();
        var checklist = new Checklist(output);
        var canaries = new CanaryStack(failing, new EngineOptions(), settings, TimeProvider.System);

        await canaries.RunAsync(checklist, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(1, checklist.Failed);
        Assert.Matches(@"\[FAIL\] Canary lambda-function: could not create ps-[0-9a-f]{8}-verify-function-\w{6}: injected failure", text);
        Assert.Contains("[skip] Canary http-api: not tried after the failure above", text, StringComparison.Ordinal);
        Assert.Contains("[ok]   Canaries found by tags: all 3 listed", text, StringComparison.Ordinal);
        Assert.Contains("[ok]   Canary cleanup: 4 deleted", text, StringComparison.Ordinal);
        Assert.Empty(await CloudInventory.ForProjectAsync(factory, canaries.ProjectId.ToString()));
    }

    [Fact]
    public async Task Canaries_DeleteFails_NamesTheLeftoverAsAFailure()
    {
        var (drivers, factory, settings) = Drivers();
        var failing = drivers.Select(d => d.Kind == ResourceKinds.S3Bucket ? new FaultyDriver(d) { FailDelete = true } : d).ToList();
        var output = new StringWriter();
        var checklist = new Checklist(output);
        var canaries = new CanaryStack(failing, new EngineOptions(), settings, TimeProvider.System);

        await canaries.RunAsync(checklist, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(1, checklist.Failed);
        Assert.Matches(@"\[FAIL\] Canary cleanup: could not delete s3-bucket ps-[0-9a-f]{8}-verify-site-\w{6} \(injected failure\)", text);
        Assert.Contains("orphan sweeper removes them after ORPHAN_GRACE_SECONDS (300 s)", text, StringComparison.Ordinal);
        var left = await CloudInventory.ForProjectAsync(factory, canaries.ProjectId.ToString());
        var bucket = Assert.Single(left);
        Assert.Equal("s3-bucket", bucket.Kind);

        var real = drivers.Single(d => d.Kind == ResourceKinds.S3Bucket);
        await real.DeleteAsync(new ResourceContext
        {
            ProjectId = canaries.ProjectId, UserId = CanaryStack.UserId, LogicalName = "verify-site", PhysicalName = bucket.Name,
            Tags = new Dictionary<string, string>(),
        }, CancellationToken.None);
    }

    private (IReadOnlyList<IResourceDriver> Drivers, AwsClientFactory Factory, AwsSettings Settings) Drivers()
    {
        var settings = new AwsSettings { EndpointUrl = moto.Url };
        var factory = new AwsClientFactory(settings, new AwsCredentialSource(settings));
        return (AwsDrivers.Create(factory, new EngineOptions(), new DriverSettings()), factory, settings);
    }

    private sealed class FaultyDriver(IResourceDriver inner) : IResourceDriver
    {
        public bool FailAfterCreate { get; init; }

        public bool FailDelete { get; init; }

        public string Kind => inner.Kind;

        public Task<ResourceState?> ObserveAsync(ResourceContext context, CancellationToken cancellationToken) =>
            inner.ObserveAsync(context, cancellationToken);

        public async Task<ResourceState> CreateAsync(ResourceContext context, CancellationToken cancellationToken)
        {
            var state = await inner.CreateAsync(context, cancellationToken);
            return FailAfterCreate ? throw new InvalidOperationException("injected failure") : state;
        }

        public Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState observed, CancellationToken cancellationToken) =>
            inner.UpdateAsync(context, observed, cancellationToken);

        public Task DeleteAsync(ResourceContext context, CancellationToken cancellationToken) =>
            FailDelete ? throw new InvalidOperationException("injected failure") : inner.DeleteAsync(context, cancellationToken);

        public Task<IReadOnlyList<ManagedResource>> ListManagedAsync(CancellationToken cancellationToken) => inner.ListManagedAsync(cancellationToken);
    }
}
