using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PromptStack.Data;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Costs;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Infrastructure.ReadCache;

namespace PromptStack.IntegrationTests.Api;

/// <summary>
/// Sign-ins and project lists are answered from memory, yet a change shows at once wherever it is made: on another
/// instance, or by hand in PostgreSQL (its triggers tell every instance). A change the instance cannot hear of, another
/// process writing the SQLite file, shows within the cache's age bound. "At once" is checked while the cached entry is
/// younger than that bound, so only a notification can explain it.
/// </summary>
public sealed class ReadCacheTests
{
    [Fact]
    public async Task Logout_OnOneInstance_ClosesTheSignInOnTheOtherAtOnce()
    {
        await using var pair = await InstancesAsync();
        SessionDto session = null!;
        HttpClient other = null!;

        await AssertSeenWhileCachedAsync(
            prepare: async () =>
            {
                session = (await pair.First.NewUserAsync()).Session;
                other = pair.Second.Authorized(session.AccessToken);
            },
            warm: async () => Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/projects")).StatusCode),
            change: async () => Assert.Equal(HttpStatusCode.NoContent,
                (await pair.First.CreateClient().PostAsJsonAsync("/api/auth/logout", new { refreshToken = session.RefreshToken })).StatusCode),
            seen: async () => (await other.GetAsync("/api/projects")).StatusCode == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Project_RenamedByHandInPostgres_ShowsOnBothInstancesAtOnce()
    {
        await using var pair = await InstancesAsync();
        var (client, session) = await pair.First.NewUserAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/projects", new { name = "before", prompt = "a guestbook" })).StatusCode);
        var other = pair.Second.Authorized(session.AccessToken);
        var name = "";

        foreach (var reader in new[] { client, other })
        {
            await AssertSeenWhileCachedAsync(
                prepare: () => Task.FromResult(name = "p-" + Guid.NewGuid().ToString("N")[..10]),
                warm: async () => Assert.DoesNotContain(name, await ListAsync(reader)),
                change: () => ExecuteInPostgresAsync(pair.First, "UPDATE projects SET \"Name\" = $1", name),
                seen: async () => (await ListAsync(reader)).Contains(name));
        }
    }

    [Fact]
    public async Task AdminRole_RevokedByHandInPostgres_IsGoneAtOnce()
    {
        await using var pair = await InstancesAsync();
        var admin = await pair.First.AdminAsync();

        await AssertSeenWhileCachedAsync(
            prepare: () => ExecuteInPostgresAsync(pair.First, "UPDATE users SET \"IsAdmin\" = true WHERE \"Email\" = 'admin@example.com'"),
            warm: async () => Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/stats")).StatusCode),
            change: () => ExecuteInPostgresAsync(pair.First, "UPDATE users SET \"IsAdmin\" = false WHERE \"Email\" = 'admin@example.com'"),
            seen: async () => (await admin.GetAsync("/api/admin/stats")).StatusCode == HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AdminRole_GrantedByAnotherProcessOnSqlite_CountsWithinTheAgeBound()
    {
        await using var app = new SqliteApp();
        var (client, session) = await app.NewUserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/stats")).StatusCode);

        // Not through the app's database context: the instance hears nothing of this write.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "promptstack.db")};Default Timeout=30"))
        {
            await connection.OpenAsync();
            await using var grant = connection.CreateCommand();
            grant.CommandText = "UPDATE users SET \"IsAdmin\" = 1 WHERE \"Email\" = $email";
            grant.Parameters.AddWithValue("$email", session.User.Email);
            Assert.Equal(1, await grant.ExecuteNonQueryAsync());
        }

        var watch = Stopwatch.StartNew();
        while ((await client.GetAsync("/api/admin/stats")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(watch.Elapsed < VersionedCache<Guid, Guid>.MaxAge + TimeSpan.FromSeconds(3), "The grant never counted.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AccessToken_AcceptedFromMemory_IsRefusedOnceItExpires()
    {
        await using var app = new ClockApp();
        var (client, _) = await app.NewUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/projects")).StatusCode);

        app.Clock!.Advance(TokenService.AccessTokenLifetime + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/projects")).StatusCode);
    }

    [Fact]
    public async Task ProjectsFromMemory_AreTheSerializersJson_WithAccruedCostOfTheMoment()
    {
        await using var app = new ClockApp();
        var (client, _) = await app.NewUserAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/projects", new { name = $"json-{i}", prompt = "a guestbook \"quoted\" <b>" })).StatusCode);
            app.Clock!.Advance(TimeSpan.FromSeconds(1));
        }

        // One project has had infrastructure for three hours, so its accrued cost moves with the clock.
        var since = app.Clock!.GetUtcNow().AddHours(-3);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            await db.Projects.Where(p => p.Name == "json-1").ExecuteUpdateAsync(u => u
                .SetProperty(p => p.InfrastructureSince, since).SetProperty(p => p.AccruedCostBefore, 0.25m));
        }

        var options = app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        for (var hour = 0; hour < 2; hour++)
        {
            var body = await client.GetStringAsync("/api/projects");
            await client.GetStringAsync("/api/projects"); // and once more from memory
            Assert.Equal(body, await client.GetStringAsync("/api/projects"));

            // Byte for byte what the API's serializer writes for the same projects.
            var projects = JsonSerializer.Deserialize<List<ProjectDto>>(body, options)!;
            Assert.Equal(JsonSerializer.Serialize(projects, options), body);
            Assert.Equal(["json-2", "json-1", "json-0"], projects.Select(p => p.Name));
            var accrued = projects[1];
            Assert.Equal(0.25m + CostModel.Accrued(accrued.EstimatedMonthlyCost, app.Clock.GetUtcNow() - since), accrued.AccruedCost);
            Assert.True(accrued.AccruedCost > 0.25m);
            Assert.Equal(JsonSerializer.Serialize(accrued, options), await client.GetStringAsync($"/api/projects/{accrued.Id}"));

            app.Clock.Advance(TimeSpan.FromHours(1));
        }
    }

    private sealed class ClockApp : SqliteApp
    {
        public ClockApp() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// While the reconciler works on one user's project, on whichever instance claims it, other users' cached lists
    /// stay in memory on both instances; the owner's own list still shows every change at once, including a
    /// resource changed by hand in PostgreSQL (the trigger finds the owner through the project).
    /// </summary>
    [Fact]
    public async Task ProvisioningOneUsersProject_KeepsOtherUsersListsCached_AndShowsTheOwnersChangesAtOnce()
    {
        await using var pair = await InstancesAsync();
        var (reader, readerSession) = await pair.First.NewUserAsync();
        Assert.Equal(HttpStatusCode.Created, (await reader.PostAsJsonAsync("/api/projects", new { name = "quiet", prompt = "a guestbook" })).StatusCode);
        var (owner, ownerSession) = await pair.First.NewUserAsync();
        while (ChangeVersions.GroupOf(ownerSession.User.Id) == ChangeVersions.GroupOf(readerSession.User.Id))
        {
            (owner, ownerSession) = await pair.First.NewUserAsync(); // one in 4,096: owners sharing a counter share invalidations
        }

        var created = await owner.PostAsJsonAsync("/api/projects", new { name = "busy", prompt = "a guestbook" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Task.Delay(TimeSpan.FromSeconds(1)); // the notifications of the sign-ups above (every list) arrive

        // From the request (written by the API) to the last step (written by the engine), on either instance.
        var instances = new[] { pair.First, pair.Second }.Select(i => i.Services.GetRequiredService<ChangeVersions>()).ToList();
        var readers = instances.Select(v => v.ProjectsOf(readerSession.User.Id)).ToList();
        var owners = instances.Select(v => v.ProjectsOf(ownerSession.User.Id)).ToList();
        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
        await ProjectWaits.InfraAsync(owner, id, "deployed");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/projects/{id}/extend", new { minutes = 30 })).StatusCode);
        Assert.Equal(readers, instances.Select(v => v.ProjectsOf(readerSession.User.Id)));
        Assert.All(instances.Zip(owners), i => Assert.True(i.First.ProjectsOf(ownerSession.User.Id) > i.Second, "The owner's list was not dropped."));

        var onSecond = pair.Second.Authorized(ownerSession.AccessToken);
        Assert.Equal("deployed", ProjectWaits.Infra((await onSecond.GetFromJsonAsync<JsonElement>("/api/projects"))[0]));
        var error = "";
        await AssertSeenWhileCachedAsync(
            prepare: () => Task.FromResult(error = "e-" + Guid.NewGuid().ToString("N")[..10]),
            warm: async () => Assert.DoesNotContain(error, await onSecond.GetStringAsync("/api/projects")),
            change: () => ExecuteInPostgresAsync(pair.First, "UPDATE resources SET \"Error\" = $1 WHERE \"ProjectId\" = $2 AND \"Kind\" = 'iam-role'", error, Guid.Parse(id)),
            seen: async () => (await onSecond.GetStringAsync("/api/projects")).Contains(error, StringComparison.Ordinal));

        // Destroyed (the request by the API, the work by the engine) and deleted (by the API): still only the owner's lists.
        Assert.Equal(HttpStatusCode.Accepted, (await owner.DeleteAsync($"/api/projects/{id}/infrastructure")).StatusCode);
        await ProjectWaits.InfraAsync(owner, id, "destroyed");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/projects/{id}")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the notifications of the last writes arrive
        Assert.Equal(readers, instances.Select(v => v.ProjectsOf(readerSession.User.Id)));
    }

    [Fact]
    public async Task IdleInstances_ReadingOnly_KeepTheirCaches()
    {
        await using var sqlite = new SqliteApp();
        await AssertCachesKeptAsync(sqlite, sqlite);
        await using var pair = await InstancesAsync();
        await AssertCachesKeptAsync(pair.First, pair.Second);
    }

    /// <summary>
    /// Reads and the background loops of both instances (claims, reaper, sweeps: statements that match no row) move
    /// no counter, so while nothing changes every read is served from memory.
    /// </summary>
    private static async Task AssertCachesKeptAsync(PromptStackApp writer, PromptStackApp reader)
    {
        var (client, session) = await writer.NewUserAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/projects", new { name = "idle", prompt = "a guestbook" })).StatusCode);
        var other = reader.Authorized(session.AccessToken);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the notifications of the writes above arrive
        var versions = reader.Services.GetRequiredService<ChangeVersions>();
        var before = (versions.SignIns, versions.ProjectsOf(session.User.Id));

        for (var i = 0; i < 30; i++)
        {
            Assert.Single(await ListAsync(other));
            await Task.Delay(100);
        }

        Assert.Equal(before, (versions.SignIns, versions.ProjectsOf(session.User.Id)));
    }

    private static async Task<List<string>> ListAsync(HttpClient client)
    {
        var projects = await client.GetFromJsonAsync<JsonElement>("/api/projects");
        return [.. projects.EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];
    }

    /// <summary>
    /// Warms the cache, makes the change and waits for it to show, all before the warmed entry could have aged out.
    /// On a machine so slow that the entry aged out first, the round proves nothing and is run again from
    /// <paramref name="prepare"/>.
    /// </summary>
    private static async Task AssertSeenWhileCachedAsync(Func<Task> prepare, Func<Task> warm, Func<Task> change, Func<Task<bool>> seen)
    {
        for (var round = 0; round < 3; round++)
        {
            await prepare();
            // Whatever an earlier read cached has aged out by now, so the entry warmed next is as young as the watch.
            await Task.Delay(VersionedCache<Guid, Guid>.MaxAge);
            var age = Stopwatch.StartNew();
            await warm();
            await warm(); // the second read is served from the cache
            await change();
            while (age.Elapsed < VersionedCache<Guid, Guid>.MaxAge)
            {
                if (await seen())
                {
                    return;
                }

                await Task.Delay(20);
            }
        }

        Assert.Fail($"The change did not show within the cache's age bound ({VersionedCache<Guid, Guid>.MaxAge.TotalSeconds} s).");
    }

    /// <summary>A write as an operator's psql makes it: not through any instance, so only the database's triggers tell them.</summary>
    private static async Task ExecuteInPostgresAsync(PostgresApp app, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(app.Settings["DATABASE_URL"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task<Pair> InstancesAsync()
    {
        var first = new PostgresApp();
        await first.InitializeAsync();
        first.CreateClient().Dispose(); // starts the first instance, which migrates the database
        var second = new PostgresApp();
        second.UseDatabaseOf(first);
        await second.InitializeAsync();
        second.CreateClient().Dispose();
        return new Pair(first, second);
    }

    private sealed record Pair(PostgresApp First, PostgresApp Second) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Second.DisposeAsync();
            await First.DisposeAsync();
        }
    }
}
