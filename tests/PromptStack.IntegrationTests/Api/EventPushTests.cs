using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Api;

/// <summary>
/// An event reaches an open stream when it is committed, not at the stream's next periodic read (every 30 s):
/// in process, and from another instance through PostgreSQL. Events are written the way every writer does, with
/// EF Core on the instance's own database context; on PostgreSQL also by hand, as an operator's psql would.
/// </summary>
public sealed class EventPushTests
{
    // Far below the 30 s between a quiet stream's own reads, so only a push can meet it.
    private static readonly TimeSpan Pushed = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Event_WrittenOnThisInstance_ReachesItsStreamsAtOnce()
    {
        await using var app = new SqliteApp();
        await AssertPushedAsync(app, app, transaction: false);
        await AssertPushedAsync(app, app, transaction: true);
    }

    [Fact]
    public async Task Event_WrittenOnAnotherInstance_ReachesTheStreamThroughPostgres()
    {
        await using var first = new PostgresApp();
        await first.InitializeAsync();
        first.CreateClient().Dispose(); // starts the first instance, which migrates the database
        await using var second = new PostgresApp();
        second.UseDatabaseOf(first);
        await second.InitializeAsync();

        await AssertPushedAsync(writer: first, reader: second, transaction: false);
        await AssertPushedAsync(writer: first, reader: second, transaction: true);
    }

    [Fact]
    public async Task Event_InsertedByHandInPostgres_ReachesTheStream()
    {
        await using var app = new PostgresApp();
        await app.InitializeAsync();

        // Not through any instance: the database's own trigger is what notifies.
        await AssertPushedAsync(app, async (projectId, message) =>
        {
            await using var connection = new NpgsqlConnection(app.Settings["DATABASE_URL"]);
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                """INSERT INTO project_events ("ProjectId", "At", "Level", "Operation", "Message") VALUES ($1, now(), 'info', 'test', $2)""", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = projectId });
            insert.Parameters.Add(new NpgsqlParameter { Value = message });
            await insert.ExecuteNonQueryAsync();
        });
    }

    private static Task AssertPushedAsync(PromptStackApp writer, PromptStackApp reader, bool transaction) =>
        AssertPushedAsync(reader, (projectId, message) => WriteEventAsync(writer, projectId, message, transaction));

    private static async Task AssertPushedAsync(PromptStackApp reader, Func<Guid, string, Task> writeEvent)
    {
        var (client, _) = await reader.NewUserAsync();
        var created = await client.PostAsJsonAsync("/api/projects", new { name = "p-" + Guid.NewGuid().ToString("N")[..10], prompt = "a guestbook" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var projectId = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);

        using var response = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{projectId}/events/stream"), HttpCompletionOption.ResponseHeadersRead);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());

        // Past the events written at creation, so the stream is waiting when the new one is written.
        await ReadUntilAsync(lines, l => l.Contains("Project created", StringComparison.Ordinal) || l.StartsWith(": keep-alive", StringComparison.Ordinal));
        await Task.Delay(500);

        var message = "pushed " + Guid.NewGuid().ToString("N");
        var watch = Stopwatch.StartNew();
        await writeEvent(projectId, message);
        await ReadUntilAsync(lines, l => l.Contains(message, StringComparison.Ordinal)).WaitAsync(Pushed);
        Assert.True(watch.Elapsed < Pushed, $"The event took {watch.Elapsed.TotalMilliseconds:F0} ms to reach the stream.");
    }

    private static async Task WriteEventAsync(PromptStackApp app, Guid projectId, string message, bool transaction)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        await using var open = transaction ? await db.Database.BeginTransactionAsync() : null;
        db.ProjectEvents.Add(new ProjectEvent { ProjectId = projectId, At = DateTimeOffset.UtcNow, Operation = "test", Message = message });
        await db.SaveChangesAsync();
        if (open is not null)
        {
            await open.CommitAsync();
        }
    }

    private static async Task ReadUntilAsync(StreamReader lines, Func<string, bool> found)
    {
        while (await lines.ReadLineAsync() is { } line)
        {
            if (found(line))
            {
                return;
            }
        }

        Assert.Fail("The stream ended.");
    }
}
