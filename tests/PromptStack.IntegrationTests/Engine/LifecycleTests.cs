using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>An app whose clock the tests move, with a reaper that looks every minute of that clock.</summary>
public sealed class LifecycleApp : SqliteApp
{
    public LifecycleApp()
    {
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Settings["REAPER_INTERVAL_SECONDS"] = "60";

        // Shorter than the 60-minute access tokens, so the tests' sessions outlive the stacks.
        Settings["RESOURCE_TIMEOUT_MINUTES"] = "30";
        Settings["MAX_RESOURCE_TIMEOUT_MINUTES"] = "180";
    }
}

public sealed class LifecycleTests(LifecycleApp app) : IClassFixture<LifecycleApp>
{
    [Fact]
    public async Task DestroyWhileDeployed_Returns409PurgeFirst_ThenPurgeAllowsDestroy()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProvisionAsync(client, "purge-flow");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/application", null)).StatusCode);

        // Refused while deploying and while deployed.
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/projects/{id}/infrastructure"), HttpStatusCode.Conflict, "Purge application first");
        var deployed = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) is "deployed" or "failed");
        Assert.Equal("deployed", ProjectWaits.App(deployed));
        Assert.Equal(1, deployed.GetProperty("application").GetProperty("version").GetInt32());
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/projects/{id}/infrastructure"), HttpStatusCode.Conflict, "Purge application first");

        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/projects/{id}/application")).StatusCode);
        var purged = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) is "none" or "failed");
        Assert.Equal("none", ProjectWaits.App(purged));

        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/projects/{id}/infrastructure")).StatusCode);
        Assert.Equal("destroyed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "destroyed")));
    }

    [Fact]
    public async Task Expiry_PurgesAndDestroysByItself_EvenWithAnApplicationDeployed()
    {
        var (client, _) = await app.NewUserAsync();
        var admin = await app.AdminAsync();
        var id = await ProvisionAsync(client, "short-life");
        await client.PostAsync($"/api/projects/{id}/application", null);
        await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) == "deployed");
        var before = await ExpiredDestroyedAsync(admin);

        app.Clock!.Advance(TimeSpan.FromMinutes(31));

        var project = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.Infra(p) is "destroyed" or "failed");
        Assert.Equal("destroyed", ProjectWaits.Infra(project));
        Assert.Equal("none", ProjectWaits.App(project));
        Assert.True(project.GetProperty("accruedCost").GetDecimal() > 0);
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("message").GetString()!.StartsWith("Time is up", StringComparison.Ordinal));
        Assert.Equal(before + 1, await ExpiredDestroyedAsync(admin));
    }

    [Fact]
    public async Task Extend_MovesExpiryLater_WithinTheMaximum()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProvisionAsync(client, "extend-me");
        var before = (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("expiresAt").GetDateTimeOffset();

        var extended = await client.PostAsJsonAsync($"/api/projects/{id}/extend", new { minutes = 30 });
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        var after = (await extended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("expiresAt").GetDateTimeOffset();
        Assert.Equal(before.AddMinutes(30), after, TimeSpan.FromMilliseconds(1));

        // Asking for more than allowed stops at 180 minutes from now.
        var capped = await client.PostAsJsonAsync($"/api/projects/{id}/extend", new { minutes = 180 });
        var cappedAt = (await capped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("expiresAt").GetDateTimeOffset();
        Assert.Equal(app.Clock!.GetUtcNow().AddMinutes(180), cappedAt, TimeSpan.FromMilliseconds(1));

        var tooMuch = await client.PostAsJsonAsync($"/api/projects/{id}/extend", new { minutes = 181 });
        await ProblemAssert.IsProblemAsync(tooMuch, HttpStatusCode.BadRequest);
        var zero = await client.PostAsJsonAsync($"/api/projects/{id}/extend", new { minutes = 0 });
        await ProblemAssert.IsProblemAsync(zero, HttpStatusCode.BadRequest);

        await client.DeleteAsync($"/api/projects/{id}/infrastructure");
        await ProjectWaits.InfraAsync(client, id, "destroyed");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/projects/{id}/extend", new { minutes = 5 }), HttpStatusCode.Conflict,
            "Nothing to extend");
    }

    private async Task<string> ProvisionAsync(HttpClient client, string name)
    {
        var id = await ProjectTests.CreateAsync(client, name);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed")));
        return id;
    }

    private static async Task<long> ExpiredDestroyedAsync(HttpClient admin)
    {
        var stats = await admin.GetFromJsonAsync<JsonElement>("/api/admin/stats");
        return stats.GetProperty("cleanup").GetProperty("expiredDestroyed").GetInt64();
    }
}
