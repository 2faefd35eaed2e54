namespace PromptStack.Web.Features.Events;

/// <summary>
/// Counts the open event streams of each user on this instance. Each stream holds a database
/// poll loop and a connection, so one user (or a leaked token) must not be able to open them without bound.
/// </summary>
public sealed class EventStreamSlots
{
    public const int PerUser = 5;

    private readonly Dictionary<Guid, int> open = [];
    private readonly Lock gate = new();

    /// <summary>Takes a slot for <paramref name="userId"/>; false when all <see cref="PerUser"/> are in use.</summary>
    public bool TryAcquire(Guid userId)
    {
        lock (gate)
        {
            var count = open.GetValueOrDefault(userId);
            if (count >= PerUser)
            {
                return false;
            }

            open[userId] = count + 1;
            return true;
        }
    }

    public void Release(Guid userId)
    {
        lock (gate)
        {
            var count = open.GetValueOrDefault(userId);
            if (count <= 1)
            {
                // Drop the entry so users who have gone do not stay in memory.
                open.Remove(userId);
            }
            else
            {
                open[userId] = count - 1;
            }
        }
    }

    /// <summary>How many streams <paramref name="userId"/> holds open now.</summary>
    public int OpenFor(Guid userId)
    {
        lock (gate)
        {
            return open.GetValueOrDefault(userId);
        }
    }
}
