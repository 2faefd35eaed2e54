namespace PromptStack.Data.Entities;

public sealed class ProjectEvent
{
    /// <summary>Global, increasing sequence; clients page with <c>after=seq</c>.</summary>
    public long Seq { get; set; }

    public Guid ProjectId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>info, warning, error.</summary>
    public string Level { get; set; } = "info";

    /// <summary>provision, destroy, deploy, purge, create, ...</summary>
    public string Operation { get; set; } = "";

    public string Message { get; set; } = "";

    /// <summary>The operation (provision, deploy, ...) this event belongs to, when it belongs to one.</summary>
    public Guid? OperationId { get; set; }
}
