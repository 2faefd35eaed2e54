using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;

namespace PromptStack.Web.Features.Alerts;

/// <summary>
/// Raises an alert at most once across every instance: the claim row, the notification and the outbox rows are written
/// in one transaction, and the claim insert that loses the race on its key changes nothing, so the loser writes nothing.
/// </summary>
public static class AlertClaims
{
    public const string EmailChannel = "email";
    public const string WebhookChannel = "webhook";

    /// <summary>True when this call raised the alert; false when it had been raised already.</summary>
    public static async Task<bool> TryRaiseAsync(
        PromptStackDbContext db, AlertMessage alert, AlertOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ClaimAsync(db, alert.Key, cancellationToken))
        {
            return false;
        }

        foreach (var key in alert.AlsoClaims)
        {
            await ClaimAsync(db, key, cancellationToken);
        }

        if (alert.UserId is { } userId)
        {
            db.Notifications.Add(new Notification
            {
                Id = Guid.NewGuid(), UserId = userId, Kind = alert.Kind, Title = alert.Title, Message = alert.Message,
                ProjectId = alert.ProjectId, CreatedAt = now,
            });
        }

        // Without SMTP the e-mail is still queued: its "delivery" writes it to the log.
        if (alert.Email is { } email)
        {
            db.AlertDeliveries.Add(Delivery(EmailChannel, email, alert, now));
        }

        if (options.WebhookUrl is not null)
        {
            db.AlertDeliveries.Add(Delivery(WebhookChannel, alert.Email, alert, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    // ON CONFLICT DO NOTHING is the same on SQLite and PostgreSQL; on PostgreSQL a racing insert waits for the
    // winner's commit and then inserts nothing, without an error that would abort the transaction.
    private static async Task<bool> ClaimAsync(PromptStackDbContext db, string key, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"INSERT INTO alert_claims (\"Key\") VALUES ({key}) ON CONFLICT DO NOTHING", cancellationToken) == 1;

    private static AlertDelivery Delivery(string channel, string? recipient, AlertMessage alert, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(), Channel = channel, Recipient = recipient, Subject = alert.Title,
        Body = Truncate(alert.Message, 4000), CreatedAt = now, NextAttemptAt = now,
    };

    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
