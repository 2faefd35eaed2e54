using System.Collections.Concurrent;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// The local preview's CloudWatch Logs: the last lines each project's handler wrote (console output, crashes,
/// limit kills), in memory only. One instance lives as long as the <see cref="PreviewRuntime"/> that fills it.
/// </summary>
public sealed class FunctionLogs
{
    public const int MaxLinesPerProject = 200;
    private const int MaxLineLength = 2000;

    private readonly ConcurrentDictionary<Guid, Queue<string>> logs = new();

    public void Append(Guid projectId, string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.TrimEnd('\r'))
            .Select(line => line.Length > MaxLineLength ? line[..MaxLineLength] + "…" : line);
        var queue = logs.GetOrAdd(projectId, _ => new Queue<string>());
        lock (queue)
        {
            foreach (var line in lines)
            {
                queue.Enqueue(line);
                if (queue.Count > MaxLinesPerProject)
                {
                    queue.Dequeue();
                }
            }
        }
    }

    /// <summary>The project's kept lines, oldest first.</summary>
    public IReadOnlyList<string> Read(Guid projectId)
    {
        if (!logs.TryGetValue(projectId, out var queue))
        {
            return [];
        }

        lock (queue)
        {
            return queue.ToArray();
        }
    }
}
