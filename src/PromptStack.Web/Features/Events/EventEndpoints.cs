using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptStack.Data;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Events;

public static class EventEndpoints
{
    private const int PageSize = 500;

    // With no wake-up, a stream still reads its events this often, in case a notification was lost with a
    // database connection (its sign-in is checked more often, see EventStreamLifetime).
    private static readonly TimeSpan QuietRead = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    // About how long a short-lived client (a page being reloaded) takes to let its old stream go.
    private const int RetryAfterSeconds = 5;

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{id:guid}/events").WithTags("Events").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListEvents").WithSummary("The project's events after a given id");
        group.MapGet("/stream", StreamAsync).WithName("StreamEvents").WithSummary("The project's events as server-sent events").Problems(429);
        return app;
    }

    public static async Task<Results<Ok<List<EventDto>>, ProblemHttpResult>> ListAsync(
        Guid id, long? after, ClaimsPrincipal principal, PromptStackDbContext db, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        if (!await db.Projects.AnyAsync(p => p.Id == id && p.OwnerId == user.Id, cancellationToken))
        {
            return GetProject.NotFound();
        }

        return TypedResults.Ok(await PageAsync(db, id, after ?? 0, cancellationToken));
    }

    /// <summary>
    /// Server-sent events: every event after Last-Event-ID (or ?after=), then new ones as they are
    /// written. The stream reads the database when <see cref="EventSignal"/> says the project has new events
    /// (from this instance, or from another through PostgreSQL), and every <see cref="QuietRead"/> regardless. At most
    /// <see cref="EventStreamSlots.PerUser"/> per user on this instance; each ends when
    /// <see cref="EventStreamLifetime"/> says so (the token that opened it expired, or its sign-in ended).
    /// </summary>
    public static async Task StreamAsync(
        Guid id, long? after, HttpContext http, ClaimsPrincipal principal, PromptStackDbContext db,
        EventStreamSlots slots, EventSignal signal, UserSessions sessions, TimeProvider clock, IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        if (!await db.Projects.AnyAsync(p => p.Id == id && p.OwnerId == user.Id, cancellationToken))
        {
            await GetProject.NotFound().ExecuteAsync(http);
            return;
        }

        if (!slots.TryAcquire(user.Id))
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await TooManyStreams().ExecuteAsync(http);
            return;
        }

        try
        {
            var last = long.TryParse(http.Request.Headers["Last-Event-ID"], out var fromHeader) ? fromHeader : after ?? 0;
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await http.Response.WriteAsync(": connected\n\n", cancellationToken);
            await http.Response.Body.FlushAsync(cancellationToken);
            var lifetime = new EventStreamLifetime(principal, sessions, clock);
            using var subscription = signal.Subscribe(id);
            await PumpAsync(last, http, db, subscription, lifetime, json.Value.SerializerOptions, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            slots.Release(user.Id);
        }
    }

    private static ProblemHttpResult TooManyStreams() => TypedResults.Problem(
        title: "Too many open event streams",
        detail: $"At most {EventStreamSlots.PerUser} event streams per user may be open at once. Close one, or poll GET /api/projects/{{id}}/events instead.",
        statusCode: StatusCodes.Status429TooManyRequests);

    private static async Task PumpAsync(
        long last, HttpContext http, PromptStackDbContext db, EventSubscription subscription, EventStreamLifetime lifetime,
        JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var quietSince = DateTime.UtcNow;
        var readAt = DateTime.MinValue;
        var woken = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await lifetime.ReasonToCloseAsync(cancellationToken) is { } reason)
            {
                // A comment, which every reader skips; clients reconnect with a fresh token as after any close.
                await http.Response.WriteAsync($": closed: {reason}\n\n", cancellationToken);
                await http.Response.Body.FlushAsync(cancellationToken);
                return;
            }

            List<EventDto> page = [];
            if (woken || DateTime.UtcNow - readAt >= QuietRead)
            {
                readAt = DateTime.UtcNow;
                page = await PageAsync(db, subscription.ProjectId, last, cancellationToken);
            }

            foreach (var e in page)
            {
                var data = JsonSerializer.Serialize(e, json);
                await http.Response.WriteAsync($"id: {e.Seq}\nevent: project-event\ndata: {data}\n\n", Encoding.UTF8, cancellationToken);
                last = e.Seq;
            }

            var quiet = page.Count == 0;
            if (quiet && DateTime.UtcNow - quietSince > KeepAlive)
            {
                // A comment line keeps proxies from closing an idle stream.
                await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                quiet = false;
            }

            if (!quiet)
            {
                await http.Response.Body.FlushAsync(cancellationToken);
                quietSince = DateTime.UtcNow;
            }

            // A full page means more are waiting; otherwise sleep until woken or the sign-in is due a check.
            woken = page.Count == PageSize || await subscription.WaitAsync(EventStreamLifetime.SessionCheckInterval, cancellationToken);
        }
    }

    private static Task<List<EventDto>> PageAsync(PromptStackDbContext db, Guid id, long after, CancellationToken cancellationToken) =>
        db.ProjectEvents.AsNoTracking()
            .Where(e => e.ProjectId == id && e.Seq > after)
            .OrderBy(e => e.Seq)
            .Take(PageSize)
            .Select(e => new EventDto(e.Seq, e.At, e.Level, e.Operation, e.Message, e.OperationId))
            .ToListAsync(cancellationToken);
}
