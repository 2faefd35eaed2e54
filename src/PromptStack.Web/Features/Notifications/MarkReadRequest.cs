namespace PromptStack.Web.Features.Notifications;

/// <summary>The notifications to mark read; null or empty marks all of the caller's.</summary>
public sealed record MarkReadRequest(List<Guid>? Ids);
