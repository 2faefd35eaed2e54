namespace PromptStack.Data.Entities;

/// <summary>
/// Where one cloud resource stands. Stored, and shown by the API, as the lowercase name
/// ("pending", "ready", ...), the text rows held before this was an enum.
/// </summary>
public enum ResourceStatus
{
    Pending,
    Creating,
    Ready,
    Deleting,
    Deleted,
    Failed,
    Blocked,
}
