using PromptStack.Data.Entities;
using PromptStack.Web.Features.Events;
using PromptStack.Web.Features.Projects;

namespace PromptStack.Web.Components.Services;

/// <summary>
/// Keeps one project and its event log current without a reload: it follows the project's events
/// (in process, as the circuit's signed-in user) and, after each event and every second while an
/// operation runs, reads the project again. If following breaks it falls back to polling the events. Changes are applied through
/// <paramref name="apply"/>, which runs them on the component's renderer and re-renders.
/// </summary>
public sealed class ProjectFeed(IPlatformApi api, Guid projectId, Func<Action, Task> apply) : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource stop = new();
    private readonly List<EventDto> events = [];
    private readonly HashSet<long> seen = [];
    private readonly List<Task> loops = [];
    private volatile bool refreshWanted;
    private volatile bool streaming;
    private long lastSeq;

    public ProjectDto? Project { get; private set; }

    public IReadOnlyList<EventDto> Events => events;

    /// <summary>Why the project could not be read (404 for another user's project); null when it could.</summary>
    public ApiProblem? Problem { get; private set; }

    public bool IsStreaming => streaming;

    public static bool IsBusy(ProjectDto? project) => project is not null && (
        project.Infrastructure.Status is InfrastructureStatus.Provisioning or InfrastructureStatus.Destroying ||
        project.Application.Status is ApplicationStatus.Deploying or ApplicationStatus.Purging);

    /// <summary>Loads the project and its events, then starts following them.</summary>
    public async Task StartAsync()
    {
        var project = await api.ProjectAsync(projectId, stop.Token);
        if (!project.IsSuccess)
        {
            Problem = project.Problem;
            return;
        }

        Project = project.Value;
        var history = await api.EventsAsync(projectId, 0, stop.Token);
        if (history.Value is { } list)
        {
            foreach (var e in list)
            {
                Add(e);
            }
        }

        loops.Add(Task.Run(StreamLoopAsync));
        loops.Add(Task.Run(PollLoopAsync));
    }

    /// <summary>Uses the project an operation answered with (202), then follows it.</summary>
    public Task UseAsync(ProjectDto project) => apply(() =>
    {
        Project = project;
        refreshWanted = true;
    });

    public void RequestRefresh() => refreshWanted = true;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        stop.Dispose();
    }

    private bool Add(EventDto e)
    {
        if (!seen.Add(e.Seq))
        {
            return false;
        }

        events.Add(e);
        if (e.Seq < lastSeq)
        {
            events.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        }

        lastSeq = Math.Max(lastSeq, e.Seq);
        return true;
    }

    private async Task StreamLoopAsync()
    {
        var token = stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in api.StreamEventsAsync(projectId, Volatile.Read(ref lastSeq), token))
                {
                    streaming = true;
                    await apply(() => Add(e));
                    refreshWanted = true;
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Following broke (a failed read, a restart): poll until it is back.
            }

            streaming = false;
            try
            {
                await Task.Delay(PollInterval, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollLoopAsync()
    {
        var token = stop.Token;
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                try
                {
                    await PollOnceAsync(token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failed poll is retried on the next tick.
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task PollOnceAsync(CancellationToken token)
    {
        if (!streaming && await api.EventsAsync(projectId, Volatile.Read(ref lastSeq), token) is { Value: { Count: > 0 } fresh })
        {
            await apply(() =>
            {
                foreach (var e in fresh)
                {
                    Add(e);
                }
            });
            refreshWanted = true;
        }

        if (refreshWanted || IsBusy(Project))
        {
            refreshWanted = false;
            var project = await api.ProjectAsync(projectId, token);
            if (project.Value is { } current)
            {
                await apply(() => Project = current);
            }
        }
    }
}
