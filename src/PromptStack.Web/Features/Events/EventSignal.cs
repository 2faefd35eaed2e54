namespace PromptStack.Web.Features.Events;

/// <summary>
/// Wakes the open event streams of a project when events are written for it, so a stream reads the database
/// only when there is something to read instead of polling it. Fed in process by
/// <see cref="EventNotificationInterceptor"/> and, across instances, by <see cref="PostgresEventListener"/>.
/// </summary>
public sealed class EventSignal
{
    private readonly Dictionary<Guid, List<EventSubscription>> subscriptions = [];
    private readonly Lock gate = new();

    /// <summary>Open streams on this instance.</summary>
    public int Open
    {
        get
        {
            lock (gate)
            {
                return subscriptions.Values.Sum(s => s.Count);
            }
        }
    }

    /// <summary>
    /// Starts listening for <paramref name="projectId"/>'s events. Subscribe before reading, so that an event
    /// written between the read and the wait still wakes the stream.
    /// </summary>
    public EventSubscription Subscribe(Guid projectId)
    {
        var subscription = new EventSubscription(projectId, this);
        lock (gate)
        {
            if (!subscriptions.TryGetValue(projectId, out var list))
            {
                subscriptions[projectId] = list = [];
            }

            list.Add(subscription);
        }

        return subscription;
    }

    public void Publish(IEnumerable<Guid> projectIds)
    {
        foreach (var subscription in Snapshot(projectIds))
        {
            subscription.Wake();
        }
    }

    /// <summary>Wakes every stream: after notifications may have been missed (a lost database connection).</summary>
    public void PublishAll()
    {
        List<EventSubscription> all;
        lock (gate)
        {
            all = subscriptions.Values.SelectMany(s => s).ToList();
        }

        all.ForEach(s => s.Wake());
    }

    internal void Remove(EventSubscription subscription)
    {
        lock (gate)
        {
            if (subscriptions.TryGetValue(subscription.ProjectId, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                subscriptions.Remove(subscription.ProjectId);
            }
        }
    }

    private List<EventSubscription> Snapshot(IEnumerable<Guid> projectIds)
    {
        lock (gate)
        {
            return projectIds.Distinct().SelectMany(id => subscriptions.TryGetValue(id, out var list) ? list : []).ToList();
        }
    }
}
