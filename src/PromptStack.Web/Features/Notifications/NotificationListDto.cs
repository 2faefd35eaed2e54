namespace PromptStack.Web.Features.Notifications;

/// <summary>The newest notifications (at most <see cref="Notifications.PageSize"/>) and how many of all are unread.</summary>
public sealed record NotificationListDto(int UnreadCount, List<NotificationDto> Items);
