namespace PromptStack.Data.Entities;

/// <summary>One long-running operation (provision, deploy, purge, destroy) for statistics.</summary>
public sealed class OperationRecord
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public string Kind { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public bool? Succeeded { get; set; }
    public string? Error { get; set; }
}
