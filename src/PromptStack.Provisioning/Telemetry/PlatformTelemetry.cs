using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PromptStack.Provisioning.Telemetry;

/// <summary>
/// The platform's one ActivitySource and one Meter, both named <see cref="Name"/>. Static rather than built per
/// container: the AWS transport creates its handlers outside dependency injection, and a listener (OpenTelemetry,
/// a test's ActivityListener) subscribes by name anyway.
/// </summary>
public static class PlatformTelemetry
{
    public const string Name = "PromptStack";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>
    /// Starts a span that is the root of a trace of its own, whatever happens to be current on this thread: an
    /// operation is one trace, not a child of whichever request or timer tick woke the reconciler.
    /// </summary>
    public static Activity? StartRoot(string name)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            return Source.StartActivity(name, ActivityKind.Internal);
        }
        finally
        {
            if (Activity.Current is null)
            {
                Activity.Current = previous;
            }
        }
    }

    /// <summary>
    /// The root span of one operation's trace ("promptstack.reconcile", "promptstack.resync"), started only when there
    /// is work: the reconciler's idle polling starts none.
    /// </summary>
    public static Activity? StartOperation(string name, Guid projectId, Guid? operationId)
    {
        var activity = StartRoot("promptstack." + name);
        activity?.SetTag("promptstack.project.id", projectId.ToString());
        activity?.SetTag("promptstack.operation.id", operationId?.ToString());
        return activity;
    }

    /// <summary>A child span of the current trace; none outside a trace, so background chores start no trace of their own.</summary>
    public static Activity? StartChild(string name, ActivityKind kind = ActivityKind.Internal) =>
        Activity.Current is null ? null : Source.StartActivity(name, kind);
}
