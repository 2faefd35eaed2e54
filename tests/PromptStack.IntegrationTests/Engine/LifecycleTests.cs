using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Engine;

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

    [Fact]
    public async Task ExpiryWarning_TenMinutesBeforeCleanup_IsWrittenOncePerExpiryTime()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProvisionAsync(client, "warn-me");
        var expiresAt = (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("expiresAt").GetDateTimeOffset();
        var reaper = app.Services.GetRequiredService<TtlReaper>();

        // Eleven minutes before: nothing yet.
        app.Clock!.Advance(expiresAt - app.Clock.GetUtcNow() - TimeSpan.FromMinutes(11));
        await reaper.ReapOnceAsync(CancellationToken.None);
        Assert.Empty(await ExpiryWarningsAsync(client, id));

        // Nine and a half minutes before: the reaper's own tick and several instances' looks at once write one event.
        app.Clock.Advance(TimeSpan.FromSeconds(90));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => reaper.ReapOnceAsync(CancellationToken.None)));
        await reaper.ReapOnceAsync(CancellationToken.None);
        var warning = Assert.Single(await ExpiryWarningsAsync(client, id));
        Assert.Equal("warning", warning.GetProperty("level").GetString());
        Assert.Equal($"Automatic cleanup in 10 minutes at {expiresAt.UtcDateTime:HH:mm} UTC; extend to keep it.", warning.GetProperty("message").GetString());

        // An extension is a new expiry time, warned about again when it nears.
        var extended = await client.PostAsJsonAsync($"/api/projects/{id}/extend", new { minutes = 15 });
        var newExpiry = (await extended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("expiresAt").GetDateTimeOffset();
        await reaper.ReapOnceAsync(CancellationToken.None);
        Assert.Single(await ExpiryWarningsAsync(client, id));
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => reaper.ReapOnceAsync(CancellationToken.None)));
        var warnings = await ExpiryWarningsAsync(client, id);
        Assert.Equal(2, warnings.Count);
        Assert.Contains($"at {newExpiry.UtcDateTime:HH:mm} UTC", warnings[1].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> ExpiryWarningsAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events")).EnumerateArray()
            .Where(e => e.GetProperty("operation").GetString() == "expiry").ToList();

    [Fact]
    public async Task Requests_WriteOnlyDesiredState_AndShowTheirTransitionUntilTheReconcilerReports()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "desired-only");
        await HoldLeaseAsync(id, held: true);

        var accepted = await client.PostAsync($"/api/projects/{id}/infrastructure", null);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("provisioning", ProjectWaits.Infra((await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}"))!));
        var stored = await RowAsync(id);
        Assert.Equal((DesiredState.Present, InfrastructureStatus.None), (stored.InfrastructureDesired, stored.InfrastructureStatus));
        Assert.Equal(stored.ReconciledGeneration + 1, stored.Generation);
        await ProblemAssert.IsProblemAsync(await client.PostAsync($"/api/projects/{id}/infrastructure", null), HttpStatusCode.Conflict, "Already provisioning");

        await HoldLeaseAsync(id, held: false);
        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed")));

        // A deploy asks for a version; the status stays the reconciler's.
        await HoldLeaseAsync(id, held: true);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/application", null)).StatusCode);
        Assert.Equal("deploying", ProjectWaits.App((await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}"))!));
        stored = await RowAsync(id);
        Assert.Equal((ApplicationStatus.None, 0, 1), (stored.ApplicationStatus, stored.ApplicationVersion, stored.ApplicationTargetVersion));

        await HoldLeaseAsync(id, held: false);
        var deployed = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) is "deployed" or "failed");
        Assert.Equal(("deployed", 1), (ProjectWaits.App(deployed), deployed.GetProperty("application").GetProperty("version").GetInt32()));
    }

    /// <summary>Holds the project's lease as another instance would, so the reconciler leaves it alone.</summary>
    private async Task HoldLeaseAsync(string id, bool held)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var until = held ? app.Clock!.GetUtcNow().AddDays(1) : (DateTimeOffset?)null;
        await db.Projects.Where(p => p.Id == Guid.Parse(id)).ExecuteUpdateAsync(s =>
            s.SetProperty(p => p.LeasedUntil, until).SetProperty(p => p.LeaseOwner, held ? "another-instance" : null));
        app.Services.GetRequiredService<ReconcilerSignal>().Wake();
    }

    private async Task<Project> RowAsync(string id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PromptStackDbContext>().Projects.AsNoTracking().SingleAsync(p => p.Id == Guid.Parse(id));
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
