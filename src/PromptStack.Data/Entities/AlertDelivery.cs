namespace PromptStack.Data.Entities;

/// <summary>
/// An outbox row: one e-mail or webhook post of one alert. An instance sends it only after claiming it with a
/// conditional update of <see cref="LeasedUntil"/>, and marks it sent at once, so a retry follows only a failed send.
/// </summary>
public sealed class AlertDelivery
{
    public Guid Id { get; set; }

    /// <summary>"email" or "webhook".</summary>
    public string Channel { get; set; } = "";

    /// <summary>The user's e-mail address: where an "email" goes, whom a "webhook" post is about; null for operator alerts.</summary>
    public string? Recipient { get; set; }

    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? LeasedUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Set when the retries are spent; the delivery is then left alone.</summary>
    public DateTimeOffset? GaveUpAt { get; set; }

    public string? LastError { get; set; }
}
