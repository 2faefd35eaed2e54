namespace PromptStack.Web.Features.Notifications;

public sealed record NotificationDto(Guid Id, string Kind, string Title, string Message, Guid? ProjectId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);
