using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Notifications;

/// <summary>The signed-in user's own notifications: listed newest first, and marked read.</summary>
public static class Notifications
{
    public const int PageSize = 50;

    private static readonly NotificationDto Sample = new(Guid.Parse("6f1c2a52-8d0e-4c55-9a51-2f0f1c9b7a10"), "expiry-reminder",
        "'sales-chart' will be removed in 10 minutes",
        "The time of project 'sales-chart' is up at 14:30 UTC: its application will be purged and its infrastructure destroyed automatically. Extend it on its page to keep it.",
        Guid.Parse("0d3b6a7e-1f5c-4b8a-9e2d-5c7f8a9b0c1d"), DateTimeOffset.Parse("2026-11-30T14:20:00Z", System.Globalization.CultureInfo.InvariantCulture), null);

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListNotifications")
            .WithSummary("The caller's notifications (expiry reminders, cost alerts), newest first, with the unread count")
            .Example(null, new NotificationListDto(1, [Sample]));
        group.MapPost("/read", MarkReadAsync).WithName("MarkNotificationsRead")
            .WithSummary("Marks the listed notifications read (all of the caller's when ids is empty); answers the new list")
            .Example(new MarkReadRequest([Sample.Id]), new NotificationListDto(0, [Sample with { ReadAt = Sample.CreatedAt.AddMinutes(1) }]));
        return app;
    }

    public static async Task<Ok<NotificationListDto>> ListAsync(ClaimsPrincipal principal, PromptStackDbContext db, CancellationToken cancellationToken)
    {
        var userId = CurrentUser.From(principal).Id;
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
        var items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(PageSize)
            .Select(n => new NotificationDto(n.Id, n.Kind, n.Title, n.Message, n.ProjectId, n.CreatedAt, n.ReadAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new NotificationListDto(unread, items));
    }

    public static async Task<Ok<NotificationListDto>> MarkReadAsync(
        MarkReadRequest request, ClaimsPrincipal principal, PromptStackDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = CurrentUser.From(principal).Id;
        var now = clock.GetUtcNow();
        var ids = request.Ids ?? [];
        // Ownership inside the update: another user's ids change nothing.
        var query = db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null);
        if (ids.Count > 0)
        {
            query = query.Where(n => ids.Contains(n.Id));
        }

        await query.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        return await ListAsync(principal, db, cancellationToken);
    }
}
