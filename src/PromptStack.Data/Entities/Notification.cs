namespace PromptStack.Data.Entities;

/// <summary>An in-app message to one user: an expiry reminder or a cost alert. Written once per alert, with its deliveries.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }

    /// <summary>"expiry-reminder" or "cost-alert".</summary>
    public string Kind { get; set; } = "";

    public string Title { get; set; } = "";
    public string Message { get; set; } = "";
    public Guid? ProjectId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
