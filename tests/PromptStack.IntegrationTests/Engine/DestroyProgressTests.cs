using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Engine;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>What a project's page shows while its stack is destroyed.</summary>
public sealed class DestroyProgressTests(SharedMoto moto) : IClassFixture<SharedMoto>
{
    [Fact]
    public async Task Destroy_ShowsEveryResourceNotYetGoneAsDeleting_FromItsFirstDelete()
    {
        await using var app = new SqliteApp();
        app.Settings["AWS_ENDPOINT_URL"] = moto.Url;
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "destroy-progress");
        await client.PostAsync($"/api/projects/{id}/infrastructure", null);
        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed")));

        // Every delete waits after its change in the cloud, before the engine records it: the resources that depend on
        // others are then still waiting for them.
        var firstDelete = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        app.Services.GetRequiredService<ReconcilerFaults>().AfterChange = async _ =>
        {
            firstDelete.TrySetResult();
            await release.Task;
        };
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/projects/{id}/infrastructure")).StatusCode);
        await firstDelete.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var during = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
        release.SetResult();
        Assert.Equal("destroying", ProjectWaits.Infra(during));
        var statuses = during.GetProperty("infrastructure").GetProperty("resources").EnumerateArray()
            .Select(r => $"{r.GetProperty("kind").GetString()} {r.GetProperty("status").GetString()}").Order().ToList();
        Assert.Equal(["dynamodb-table deleting", "http-api deleting", "iam-role deleting", "lambda-function deleting", "s3-bucket deleting"], statuses);

        var after = await ProjectWaits.InfraAsync(client, id, "destroyed");
        Assert.Equal("destroyed", ProjectWaits.Infra(after));
        Assert.Empty(after.GetProperty("infrastructure").GetProperty("resources").EnumerateArray());
    }
}
