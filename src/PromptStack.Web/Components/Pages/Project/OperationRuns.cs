using PromptStack.Web.Features.Events;

namespace PromptStack.Web.Components.Pages.Project;

public enum RunOutcome { Running, Succeeded, Failed }

/// <summary>One provision, deploy, purge or destroy, as its events tell it.</summary>
public sealed record OperationRun(string Kind, DateTimeOffset StartedAt, DateTimeOffset LastAt, RunOutcome Outcome, string? Error, Guid? OperationId)
{
    public TimeSpan Duration => LastAt - StartedAt;

    /// <summary>
    /// The engine writes an event per step and retries AWS calls below that (backoff, pacing), writing nothing
    /// meanwhile: a step that stays silent this long is, in practice, waiting for AWS.
    /// </summary>
    public static readonly TimeSpan SlowStep = TimeSpan.FromSeconds(20);

    public bool IsWaitingForAws(DateTimeOffset now, string? lastMessage) =>
        Outcome == RunOutcome.Running &&
        (now - LastAt > SlowStep || (lastMessage?.Contains("retr", StringComparison.OrdinalIgnoreCase) ?? false));
}

/// <summary>
/// The run history, derived from the project's event log (every step is an event carrying its operation and operation id),
/// so no second record of the same facts is kept. A request that does two things (the reaper's purge and destroy, provision
/// and deploy) writes events under both names with one operation id: each name is a run of its own.
/// </summary>
public static class OperationRuns
{
    private static readonly string[] Kinds = ["provision", "deploy", "purge", "destroy"];

    /// <param name="busy">The project has an operation running: the last run is still going.</param>
    public static IReadOnlyList<OperationRun> From(IEnumerable<EventDto> events, bool busy)
    {
        var runs = new List<OperationRun>();
        var counts = new List<int>();
        foreach (var e in events.Where(e => Kinds.Contains(e.Operation)).OrderBy(e => e.Seq))
        {
            var failed = e.Level == "error";
            if (runs.Count > 0 && runs[^1] is { } last && last.OperationId == e.OperationId)
            {
                // The lone "... requested." event starts the run of the work it asked for, whatever that work is named.
                var kind = last.Kind == e.Operation || counts[^1] > 1 ? last.Kind : e.Operation;
                if (kind == e.Operation)
                {
                    runs[^1] = last with
                    {
                        Kind = kind, LastAt = e.At,
                        Outcome = failed ? RunOutcome.Failed : last.Outcome, Error = failed ? e.Message : last.Error,
                    };
                    counts[^1]++;
                    continue;
                }
            }

            runs.Add(new OperationRun(e.Operation, e.At, e.At, failed ? RunOutcome.Failed : RunOutcome.Succeeded, failed ? e.Message : null, e.OperationId));
            counts.Add(1);
        }

        if (busy && runs.Count > 0 && runs[^1].Outcome != RunOutcome.Failed)
        {
            runs[^1] = runs[^1] with { Outcome = RunOutcome.Running };
        }

        return runs;
    }

    public static string Name(string kind) => kind switch
    {
        "provision" => "Provision",
        "deploy" => "Deploy",
        "purge" => "Purge",
        "destroy" => "Destroy",
        _ => kind,
    };
}
