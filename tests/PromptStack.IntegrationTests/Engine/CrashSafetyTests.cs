using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// Kills the reconciler after each cloud change in turn (the hook abandons the work there, after which
/// the instance writes nothing and its lease is left to expire), stops that server, starts a fresh one
/// on the same database and emulator, and checks it finishes with exactly one of each resource.
/// </summary>
public sealed class CrashSafetyTests(SharedMoto moto) : IClassFixture<SharedMoto>
{
    private static readonly string[] Kinds = ["dynamodb-table", "http-api", "iam-role", "lambda-function", "s3-bucket"];

    [Fact]
    public async Task Provision_CrashAfterEachStep_RecoversWithExactlyOneOfEachAndNoOrphan()
    {
        var steps = await CountStepsAsync("provision");
        Assert.True(steps >= 10, $"expected every resource and sub-step to report its change, got {steps}");

        for (var crashAfter = 1; crashAfter <= steps; crashAfter++)
        {
            await CrashAndRecoverAsync(crashAfter, crashDuring: "provision");
        }
    }

    [Fact]
    public async Task Destroy_CrashAfterEachStep_RecoversWithNothingLeft()
    {
        var steps = await CountStepsAsync("destroy");
        Assert.True(steps >= 5, $"expected at least one change per resource, got {steps}");

        for (var crashAfter = 1; crashAfter <= steps; crashAfter++)
        {
            await CrashAndRecoverAsync(crashAfter, crashDuring: "destroy");
        }
    }

    private async Task<int> CountStepsAsync(string operation)
    {
        await using var app = NewApp();
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "counted");
        var steps = 0;
        var faults = app.Services.GetRequiredService<ReconcilerFaults>();
        faults.AfterChange = _ => { Interlocked.Increment(ref steps); return Task.CompletedTask; };
        if (operation == "destroy")
        {
            await ProvisionAsync(client, id);
            Interlocked.Exchange(ref steps, 0);
            await DestroyAsync(client, id);
            return steps;
        }

        await ProvisionAsync(client, id);
        var provisionSteps = steps;
        await DestroyAsync(client, id);
        return provisionSteps;
    }

    private async Task CrashAndRecoverAsync(int crashAfter, string crashDuring)
    {
        var crashing = NewApp();
        var (client, session) = await crashing.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, $"crash-{crashAfter}");
        var faults = crashing.Services.GetRequiredService<ReconcilerFaults>();
        var reconciler = crashing.Services.GetRequiredService<ProjectReconciler>();
        if (crashDuring == "destroy")
        {
            await ProvisionAsync(client, id);
        }

        var crashed = new TaskCompletionSource();
        var seen = 0;
        faults.AfterChange = step =>
        {
            if (Interlocked.Increment(ref seen) >= crashAfter)
            {
                // The process dies right after this change: its work stops writing at once and leaves the lease to expire.
                reconciler.Abandon(Guid.Parse(id));
                crashed.TrySetResult();
                throw new OperationCanceledException($"Simulated crash after {step}");
            }

            return Task.CompletedTask;
        };
        var request = crashDuring == "destroy"
            ? await client.DeleteAsync($"/api/projects/{id}/infrastructure")
            : await client.PostAsync($"/api/projects/{id}/infrastructure", null);
        Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);
        await crashed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await using var recovering = NewApp();
        recovering.UseDataDirectoryOf(crashing);
        await crashing.DisposeAsync();

        var again = recovering.Authorized(session.AccessToken);
        var aws = recovering.Services.GetRequiredService<AwsClientFactory>();
        if (crashDuring == "provision")
        {
            var project = await ProjectWaits.InfraAsync(again, id, "deployed");
            Assert.True(ProjectWaits.Infra(project) == "deployed", $"crash after step {crashAfter}: {project}");
            var cloud = await CloudInventory.ForProjectAsync(aws, id);
            Assert.True(Kinds.SequenceEqual(cloud.Select(r => r.Kind).Order()),
                $"crash after step {crashAfter}: found {string.Join(", ", cloud.Select(r => r.Kind + " " + r.Name))}");
            await DestroyAsync(again, id);
        }
        else
        {
            var project = await ProjectWaits.InfraAsync(again, id, "destroyed");
            Assert.True(ProjectWaits.Infra(project) == "destroyed", $"crash after step {crashAfter}: {project}");
        }

        var left = await CloudInventory.ForProjectAsync(aws, id);
        Assert.True(left.Count == 0, $"crash after step {crashAfter} left {string.Join(", ", left.Select(r => r.Kind + " " + r.Name))}");
    }

    private SqliteApp NewApp()
    {
        var app = new SqliteApp();
        app.Settings["AWS_ENDPOINT_URL"] = moto.Url;
        app.Settings["RECONCILER_LEASE_SECONDS"] = "2";
        return app;
    }

    private static async Task ProvisionAsync(HttpClient client, string id)
    {
        await client.PostAsync($"/api/projects/{id}/infrastructure", null);
        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed")));
    }

    private static async Task DestroyAsync(HttpClient client, string id)
    {
        await client.DeleteAsync($"/api/projects/{id}/infrastructure");
        Assert.Equal("destroyed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "destroyed")));
    }
}
