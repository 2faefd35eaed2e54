namespace PromptStack.Web.Features.Alerts;

/// <summary>
/// One alert to raise once. <see cref="Key"/> names it (e.g. <c>expiry:{project}:{deadline}:10</c>); a user alert has
/// <see cref="UserId"/> and <see cref="Email"/>, an operator alert has neither and goes to the webhook only.
/// </summary>
public sealed record AlertMessage(string Key, string Kind, string Title, string Message)
{
    public Guid? UserId { get; init; }
    public string? Email { get; init; }
    public Guid? ProjectId { get; init; }

    /// <summary>Keys claimed with this one but never sent (the lower cost thresholds passed in the same step).</summary>
    public IReadOnlyList<string> AlsoClaims { get; init; } = [];

    public bool ForOperators => UserId is null;

    public const string ExpiryReminder = "expiry-reminder";
    public const string CostAlert = "cost-alert";
    public const string CleanupFailed = "cleanup-failed";
}
