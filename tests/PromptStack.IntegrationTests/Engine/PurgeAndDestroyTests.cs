using System.Net;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Engine;

public sealed class PurgeAndDestroyApp : SqliteApp;

/// <summary><c>DELETE .../infrastructure?purge=true</c>: with an app deployed, one request purges it and destroys the stack.</summary>
public sealed class PurgeAndDestroyTests(PurgeAndDestroyApp app) : IClassFixture<PurgeAndDestroyApp>
{
    [Fact]
    public async Task DestroyWithPurge_AppDeployed_EndsWithNoAppAndNoInfrastructure()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "purge-destroy");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure?deploy=true", null)).StatusCode);
        await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) is "deployed" or "failed" || ProjectWaits.Infra(p) == "failed");

        // A plain destroy is still refused; the same with ?purge=true is accepted.
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/projects/{id}/infrastructure")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/projects/{id}/infrastructure?purge=true")).StatusCode);

        var project = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.Infra(p) is "destroyed" or "failed");
        Assert.Equal("destroyed", ProjectWaits.Infra(project));
        Assert.Equal("none", ProjectWaits.App(project));
    }
}
