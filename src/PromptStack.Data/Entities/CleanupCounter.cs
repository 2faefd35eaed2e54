namespace PromptStack.Data.Entities;

/// <summary>Counters kept by the TTL reaper and the orphan sweeper (one row per name).</summary>
public sealed class CleanupCounter
{
    public string Name { get; set; } = "";
    public long Value { get; set; }
}
