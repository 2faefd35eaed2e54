using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// The IAM documents <c>bootstrap</c> prints, proved against a moto that enforces IAM: everything the platform does
/// (provision, deploy, purge, destroy, TTL expiry, orphan sweep, <c>verify</c>) is allowed by them, and calls outside
/// them are refused. moto checks actions, and resources for IAM roles and S3 buckets; it ignores Condition blocks
/// (but the external id), session policies and permissions boundaries (see the README, "Running on AWS").
/// </summary>
public sealed class IamEnforcementTests(IamEnforcementApp app) : IClassFixture<IamEnforcementApp>
{
    private static readonly string[] Kinds = ["dynamodb-table", "http-api", "iam-role", "lambda-function", "s3-bucket"];

    [Fact]
    public async Task Lifecycle_UnderTheBootstrapDocuments_EveryStepIsAllowed()
    {
        var aws = app.Services.GetRequiredService<AwsClientFactory>();
        var refused = app.Moto.Refusals.Count;
        var (client, _) = await app.NewUserAsync();
        var manual = await ProjectTests.CreateAsync(client, "iam-manual");
        var expiring = await ProjectTests.CreateAsync(client, "iam-expiring");

        foreach (var id in new[] { manual, expiring })
        {
            await client.PostAsync($"/api/projects/{id}/infrastructure", null);
        }

        foreach (var id in new[] { manual, expiring })
        {
            await AssertInfraAsync(client, id, "deployed");
            var stack = await CloudInventory.ForProjectAsync(aws, id);
            Assert.Equal(Kinds, stack.Select(r => r.Kind).Order());

            // moto does not enforce the boundary, but the role must carry the one bootstrap printed.
            var role = await aws.CreateIamClient("inventory").GetRoleAsync(stack.Single(r => r.Kind == "iam-role").Name);
            Assert.Equal(app.BoundaryArn, role?.PermissionsBoundaryArn);
            await client.PostAsync($"/api/projects/{id}/application", null);
        }

        foreach (var id in new[] { manual, expiring })
        {
            await AssertAppAsync(client, id, "deployed");
        }

        await client.DeleteAsync($"/api/projects/{manual}/application");
        await AssertAppAsync(client, manual, "none");
        await client.DeleteAsync($"/api/projects/{manual}/infrastructure");
        await AssertInfraAsync(client, manual, "destroyed");

        // The TTL reaper purges and destroys by itself (on the app's clock); after 30 minutes the resync also observes.
        app.Clock!.Advance(TimeSpan.FromMinutes(31));
        await AssertInfraAsync(client, expiring, "destroyed");
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{expiring}/events");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("message").GetString()!.StartsWith("Time is up", StringComparison.Ordinal));

        Assert.Empty(await CloudInventory.ForProjectAsync(aws, manual));
        Assert.Empty(await CloudInventory.ForProjectAsync(aws, expiring));
        await AssertNothingRefusedSinceAsync(refused);
    }

    [Fact]
    public async Task OrphanSweeper_UnderTheBootstrapDocuments_ListsAndDeletesAllKinds()
    {
        var aws = app.Services.GetRequiredService<AwsClientFactory>();
        var refused = app.Moto.Refusals.Count;
        var orphan = await PlantStackAsync();
        Assert.Equal(Kinds, (await CloudInventory.ForProjectAsync(aws, orphan.ToString())).Select(r => r.Kind).Order());

        var result = await app.Services.GetRequiredService<OrphanSweeper>().SweepOnceAsync(CancellationToken.None);

        Assert.Equal(0, result.Failed);
        Assert.True(result.Deleted >= 5, $"deleted {result.Deleted}");
        Assert.Empty(await CloudInventory.ForProjectAsync(aws, orphan.ToString()));
        await AssertNothingRefusedSinceAsync(refused);
    }

    [Fact]
    public async Task Verify_AsProcessWithTheServerIdentityKeys_PassesEveryCheck()
    {
        var data = Path.Combine(Path.GetTempPath(), "promptstack-tests", "iam-verify-" + Guid.NewGuid().ToString("N"));
        var refused = app.Moto.Refusals.Count;
        try
        {
            var (exit, output) = await WebProcess.RunAsync(app.ProcessEnvironment(data), "verify");

            Assert.True(exit == 0, output + "\nmoto:\n" + app.Moto.RecentOutput);
            Assert.Contains($"[ok]   AWS identity: {app.ServerArn}", output, StringComparison.Ordinal);
            Assert.Contains($"[ok]   AssumeRole: {app.RoleArn} with the external id", output, StringComparison.Ordinal);
            Assert.Contains("[ok]   Canary cleanup: 5 deleted", output, StringComparison.Ordinal);
            await AssertNothingRefusedSinceAsync(refused);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task CallsOutsideTheDocuments_AreRefused()
    {
        var aws = app.Services.GetRequiredService<AwsClientFactory>();
        var refused = app.Moto.Refusals.Count;
        var user = Guid.NewGuid().ToString();
        var session = await app.Services.GetRequiredService<AwsCredentialSource>().GetCredentialsAsync(user);
        var role = new Amazon.Runtime.SessionAWSCredentials(session.AccessKey, session.SecretKey, session.Token);
        var iam = aws.CreateIamClient(user);
        using var s3 = aws.CreateS3Client(user);

        // The platform role: no IAM users, no roles or buckets outside the name prefix, no changes to itself.
        await AssertDeniedAsync(() => app.Moto.IamAsync(role, "CreateUser", ("UserName", "intruder")));
        await AssertDeniedAsync(() => iam.CreateRoleAsync("other-" + Suffix()));
        await AssertDeniedAsync(() => iam.PutRolePolicyAsync(
            IamEnforcementApp.PlatformRole, "escalate", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""));
        await AssertDeniedAsync(() => s3.PutBucketAsync("other-" + Suffix()));

        // ...while the same session may make a bucket under the prefix: the refusals are about the resource.
        var allowed = "ps-" + Suffix();
        await s3.PutBucketAsync(allowed);
        await s3.DeleteBucketAsync(allowed);

        // The server identity may only assume the role, and only with the external id.
        await AssertDeniedAsync(() => app.Moto.IamAsync(app.ServerKeys, "ListRoles"));
        using var serverS3 = new AmazonS3Client(app.ServerKeys, new AmazonS3Config { ServiceURL = app.Moto.Url, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await AssertDeniedAsync(() => serverS3.ListBucketsAsync());
        using var sts = new AmazonSecurityTokenServiceClient(app.ServerKeys, new AmazonSecurityTokenServiceConfig { ServiceURL = app.Moto.Url, AuthenticationRegion = "us-east-1" });
        await AssertDeniedAsync(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = app.RoleArn, RoleSessionName = "wrong-external-id", ExternalId = "not-" + IamEnforcementApp.ExternalId,
        }));

        // The other tests' check that nothing was refused sees these seven (moto's log arrives through a pipe).
        for (var wait = 0; wait < 50 && app.Moto.Refusals.Count - refused < 7; wait++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(7, app.Moto.Refusals.Count - refused);
    }

    /// <summary>No call since then was answered 403: not even one a driver might have caught and let pass.</summary>
    private async Task AssertNothingRefusedSinceAsync(int count)
    {
        await Task.Delay(300); // moto's log lines arrive through a pipe
        var refusals = app.Moto.Refusals.Skip(count).ToList();
        Assert.True(refusals.Count == 0, "moto refused:\n" + string.Join('\n', refusals) + "\nrecent requests:\n" + app.Moto.RecentOutput);
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..10];

    private static async Task AssertDeniedAsync(Func<Task> call)
    {
        var error = await Record.ExceptionAsync(call);
        var code = error switch
        {
            AwsApiException api => api.ErrorCode,
            Amazon.Runtime.AmazonServiceException sdk => sdk.ErrorCode,
            null => "no error: the call was allowed",
            _ => error.ToString(),
        };
        Assert.Equal("AccessDenied", code);
    }

    /// <summary>A stack of every kind made through the platform's own drivers, tagged for a project no row owns.</summary>
    private async Task<Guid> PlantStackAsync()
    {
        var drivers = app.Services.GetRequiredService<IEnumerable<IResourceDriver>>().ToDictionary(d => d.Kind);
        var engine = app.Services.GetRequiredService<EngineOptions>();
        var (project, user) = (Guid.NewGuid(), Guid.NewGuid());
        var tags = ResourceTags.For(user, project, engine.ManagedBy, engine.Environment, app.Clock!.GetUtcNow().AddHours(-2));
        var states = new Dictionary<string, ResourceState>();
        foreach (var kind in new[] { "dynamodb-table", "s3-bucket", "iam-role", "lambda-function", "http-api" })
        {
            states[kind] = await drivers[kind].CreateAsync(new ResourceContext
            {
                ProjectId = project, UserId = user, LogicalName = kind, PhysicalName = PhysicalNames.New(engine.NamePrefix, project, kind),
                Tags = tags, Dependencies = new Dictionary<string, ResourceState>(states),
            }, CancellationToken.None);
        }

        return project;
    }

    private async Task AssertInfraAsync(HttpClient client, string id, string status)
    {
        var project = await ProjectWaits.InfraAsync(client, id, status);
        Assert.True(ProjectWaits.Infra(project) == status, $"{project}\nmoto:\n{app.Moto.RecentOutput}");
    }

    private async Task AssertAppAsync(HttpClient client, string id, string status)
    {
        var project = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) == status || ProjectWaits.App(p) == "failed");
        Assert.True(ProjectWaits.App(project) == status, $"{project}\nmoto:\n{app.Moto.RecentOutput}");
    }
}
