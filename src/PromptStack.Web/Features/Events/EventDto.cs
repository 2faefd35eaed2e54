namespace PromptStack.Web.Features.Events;

public sealed record EventDto(long Seq, DateTimeOffset At, string Level, string Operation, string Message, Guid? OperationId = null);
