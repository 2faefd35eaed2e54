using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Web.Features.Events;

namespace PromptStack.IntegrationTests.Api;

public sealed class EventStreamSqliteApp : SqliteApp
{
    public EventStreamSqliteApp() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
}

public sealed class EventStreamPostgresApp : PostgresApp
{
    public EventStreamPostgresApp() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
}

/// <summary>Live event streams are bounded: per user on an instance, and by the life of the token that opened them.</summary>
public abstract class EventStreamTests(PromptStackApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Stream_SixthForOneUser_Returns429UntilOneCloses()
    {
        var (client, session) = await app.NewUserAsync();
        var id = await NewProjectAsync(client);
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < EventStreamSlots.PerUser; i++)
            {
                var stream = await OpenAsync(client, id);
                open.Add(stream);
                Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
                Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
            }

            var sixth = await OpenAsync(client, id);
            await ProblemAssert.IsProblemAsync(sixth, HttpStatusCode.TooManyRequests, "Too many open event streams");
            Assert.NotNull(sixth.Headers.RetryAfter);

            // Another user's streams are counted apart.
            var (other, _) = await app.NewUserAsync();
            using (var theirs = await OpenAsync(other, await NewProjectAsync(other)))
            {
                Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
            }

            // Closing one frees its slot (released when the server sees the client go).
            open[0].Dispose();
            open.RemoveAt(0);
            var again = await RetryUntilOpenAsync(client, id);
            open.Add(again);
            Assert.Equal(EventStreamSlots.PerUser, app.Services.GetRequiredService<EventStreamSlots>().OpenFor(session.User.Id));
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task Stream_AccessTokenExpires_StreamEndsByItself()
    {
        var clock = app.Clock!;
        var (client, session) = await app.NewUserAsync();
        var id = await NewProjectAsync(client);
        using var response = await OpenAsync(client, id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = response.Content.ReadAsStringAsync();

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(body.IsCompleted, "The stream ended before its token expired.");

        clock.Advance(session.ExpiresAt - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var text = await body.WaitAsync(Patience);

        Assert.StartsWith(": connected", text, StringComparison.Ordinal);
        Assert.EndsWith(": closed: access token expired\n\n", text, StringComparison.Ordinal);
        await WaitUntilAsync(() => app.Services.GetRequiredService<EventStreamSlots>().OpenFor(session.User.Id) == 0);
    }

    [Fact]
    public async Task Stream_SignInEnds_StreamEndsByItself()
    {
        var clock = app.Clock!;
        var (client, session) = await app.NewUserAsync();
        var id = await NewProjectAsync(client);
        using var response = await OpenAsync(client, id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = response.Content.ReadAsStringAsync();

        await app.CreateClient().PostAsJsonAsync("/api/auth/logout", new { refreshToken = session.RefreshToken });
        clock.Advance(EventStreamLifetime.SessionCheckInterval + TimeSpan.FromSeconds(1));
        var text = await body.WaitAsync(Patience);

        Assert.EndsWith(": closed: signed out\n\n", text, StringComparison.Ordinal);
        await WaitUntilAsync(() => app.Services.GetRequiredService<EventStreamSlots>().OpenFor(session.User.Id) == 0);
    }

    private static async Task<string> NewProjectAsync(HttpClient client)
    {
        var name = "s-" + Guid.NewGuid().ToString("N")[..10];
        var created = await client.PostAsJsonAsync("/api/projects", new { name, prompt = "a guestbook for my wedding" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> OpenAsync(HttpClient client, string id) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{id}/events/stream"), HttpCompletionOption.ResponseHeadersRead);

    private static async Task<HttpResponseMessage> RetryUntilOpenAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var response = await OpenAsync(client, id);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return response;
            }

            response.Dispose();
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(50);
        }
    }
}

public sealed class EventStreamTestsOnSqlite(EventStreamSqliteApp app) : EventStreamTests(app), IClassFixture<EventStreamSqliteApp>;

public sealed class EventStreamTestsOnPostgres(EventStreamPostgresApp app) : EventStreamTests(app), IClassFixture<EventStreamPostgresApp>;
