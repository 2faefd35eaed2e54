using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>Two server instances on one PostgreSQL database and one cloud, as in a scaled-out installation.</summary>
public sealed class MultiInstanceTests(SharedMoto moto) : IClassFixture<SharedMoto>
{
    [Fact]
    public async Task TwoInstances_ProvisioningTwentyProjects_CreateEachResourceExactlyOnce()
    {
        await using var first = NewApp();
        await first.InitializeAsync();
        await using var second = NewApp();
        second.UseDatabaseOf(first);
        await second.InitializeAsync();

        var (client, session) = await first.NewUserAsync();
        var viaSecond = second.Authorized(session.AccessToken);
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await ProjectTests.CreateAsync(client, $"scaled-{i}"));
        }

        // Half the requests reach each instance, all at once; both reconcilers race for the work.
        var accepted = await Task.WhenAll(ids.Select((id, i) =>
            (i % 2 == 0 ? client : viaSecond).PostAsync($"/api/projects/{id}/infrastructure", null)));
        Assert.All(accepted, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        foreach (var id in ids)
        {
            Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed", timeoutSeconds: 120)));
        }

        var aws = first.Services.GetRequiredService<AwsClientFactory>();
        var cloud = (await CloudInventory.AllAsync(aws)).Where(r => ids.Contains(r.Tags.GetValueOrDefault("ProjectId") ?? "")).ToList();
        Assert.Equal(100, cloud.Count);
        foreach (var id in ids)
        {
            var own = cloud.Where(r => r.Tags["ProjectId"] == id).Select(r => r.Kind).Order().ToList();
            Assert.Equal(["dynamodb-table", "http-api", "iam-role", "lambda-function", "s3-bucket"], own);
            var events = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events");
            Assert.Equal(5, events.EnumerateArray().Count(e => e.GetProperty("message").GetString()!.StartsWith("Created ", StringComparison.Ordinal)));
        }

        await Task.WhenAll(ids.Select((id, i) => (i % 2 == 0 ? viaSecond : client).DeleteAsync($"/api/projects/{id}/infrastructure")));
        foreach (var id in ids)
        {
            Assert.Equal("destroyed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "destroyed", timeoutSeconds: 120)));
        }

        Assert.DoesNotContain(await CloudInventory.AllAsync(aws), r => ids.Contains(r.Tags.GetValueOrDefault("ProjectId") ?? ""));
    }

    private PostgresApp NewApp()
    {
        var app = new PostgresApp();
        app.Settings["AWS_ENDPOINT_URL"] = moto.Url;
        app.Settings["MAX_RESOURCES_PER_USER"] = "20";
        return app;
    }
}
