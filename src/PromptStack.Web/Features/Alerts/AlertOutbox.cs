using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;

namespace PromptStack.Web.Features.Alerts;

/// <summary>
/// Sends the queued e-mails and webhook posts. Each is claimed by a conditional update of its lease (one row changed:
/// this instance sends it), marked sent right after, and retried with backoff only after a failed send.
/// </summary>
public sealed class AlertOutbox(
    IServiceScopeFactory scopes, AlertMailer mailer, AlertWebhook webhook, AlertOptions options, TimeProvider clock, ILogger<AlertOutbox> logger)
{
    /// <summary>Long enough for one slow SMTP exchange; a crashed sender's delivery is retried after it.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private const int Batch = 50;

    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.AlertDeliveries.AsNoTracking()
            .Where(d => d.SentAt == null && d.GaveUpAt == null && d.NextAttemptAt <= now && (d.LeasedUntil == null || d.LeasedUntil < now))
            .OrderBy(d => d.NextAttemptAt).Take(Batch).ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var delivery in due)
        {
            var until = now + Lease;
            var claimed = await db.AlertDeliveries
                .Where(d => d.Id == delivery.Id && d.SentAt == null && d.GaveUpAt == null && (d.LeasedUntil == null || d.LeasedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntil, until).SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
            if (claimed == 1 && await TrySendAsync(db, delivery, delivery.Attempts + 1, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> TrySendAsync(PromptStackDbContext db, AlertDelivery delivery, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(delivery, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var giveUp = attempt >= options.MaxAttempts;
            DateTimeOffset? gaveUpAt = giveUp ? now : null;
            var next = now + Backoff(attempt);
            var error = AlertClaims.Truncate(ex.Message, 2000);
            await db.AlertDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LeasedUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.GaveUpAt, gaveUpAt)
                .SetProperty(d => d.LastError, error), CancellationToken.None);
            logger.LogWarning("Alert {Channel} delivery {Id} failed (attempt {Attempt}{GiveUp}): {Error}",
                delivery.Channel, delivery.Id, attempt, giveUp ? ", giving up" : "", error);
            return false;
        }

        var sentAt = clock.GetUtcNow();
        // Not cancellable: the send happened, and a lost mark would send it again.
        await db.AlertDeliveries.Where(d => d.Id == delivery.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.SentAt, sentAt).SetProperty(d => d.LeasedUntil, (DateTimeOffset?)null), CancellationToken.None);
        return true;
    }

    private Task SendAsync(AlertDelivery delivery, CancellationToken cancellationToken) => delivery.Channel switch
    {
        AlertClaims.EmailChannel => mailer.SendAsync(delivery.Recipient!, delivery.Subject, delivery.Body, cancellationToken),
        AlertClaims.WebhookChannel => webhook.PostAsync(WebhookText(delivery), cancellationToken),
        _ => throw new InvalidOperationException($"Unknown alert channel '{delivery.Channel}'."),
    };

    private static string WebhookText(AlertDelivery delivery) =>
        delivery.Recipient is { } to ? $"[PromptStack] {delivery.Subject} ({to}): {delivery.Body}" : $"[PromptStack operator] {delivery.Subject}: {delivery.Body}";

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(15 * Math.Pow(2, attempt - 1), 1800));
}
