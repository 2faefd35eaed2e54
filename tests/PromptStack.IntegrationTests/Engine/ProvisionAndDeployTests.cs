using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Engine;

public sealed class ProvisionAndDeployApp : SqliteApp;

/// <summary><c>POST .../infrastructure?deploy=true</c>: one request, and the server carries it through to a deployed app.</summary>
public sealed class ProvisionAndDeployTests(ProvisionAndDeployApp app) : IClassFixture<ProvisionAndDeployApp>
{
    [Fact]
    public async Task ProvisionWithDeploy_NoFurtherRequest_EndsDeployedUnderOneOperation()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "one-click");

        var response = await client.PostAsync($"/api/projects/{id}/infrastructure?deploy=true", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var operationId = accepted.GetProperty("operationId").GetString();
        // Nothing deploys before there is somewhere to deploy to.
        Assert.Equal("none", ProjectWaits.App(accepted.GetProperty("project")));
        var project = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) is "deployed" or "failed" || ProjectWaits.Infra(p) == "failed");
        Assert.Equal("deployed", ProjectWaits.Infra(project));
        Assert.Equal("deployed", ProjectWaits.App(project));
        Assert.Equal(1, project.GetProperty("application").GetProperty("version").GetInt32());

        // The one operation's events: the provision first, then the deploy.
        var events = (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events")).EnumerateArray()
            .Where(e => e.GetProperty("operationId").GetString() == operationId).ToList();
        var operations = events.Select(e => e.GetProperty("operation").GetString()).Distinct().ToList();
        Assert.Equal(["provision", "deploy"], operations);
        Assert.StartsWith("Provisioning and deploy requested", events[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Application version 1 deployed.", events[^1].GetProperty("message").GetString());

        // Asked again with the infrastructure up, it is a plain redeploy.
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure?deploy=true", null)).StatusCode);
        project = await ProjectWaits.UntilAsync(client, id, p => p.GetProperty("application").GetProperty("version").GetInt32() == 2 || ProjectWaits.App(p) == "failed");
        Assert.Equal("deployed", ProjectWaits.App(project));
    }
}
