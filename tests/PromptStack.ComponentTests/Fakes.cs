using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Features.Admin;
using PromptStack.Web.Features.Application;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Events;
using PromptStack.Web.Features.Notifications;
using PromptStack.Web.Features.Preview;
using PromptStack.Web.Features.Projects;

namespace PromptStack.ComponentTests;

/// <summary>
/// The UI's platform stand-in: answers each call, named like its HTTP route ("METHOD path"), from
/// queued answers (a value, or an <see cref="ApiProblem"/>), and records every call.
/// </summary>
public sealed class FakeApi : IPlatformApi
{
    private readonly Dictionary<string, Queue<Func<object>>> routes = [];
    private readonly Dictionary<string, Func<object>> repeat = [];

    public List<(string Route, string? Body)> Requests { get; } = [];

    public event EventHandler? SignedOut;

    public int Count(string route) => Requests.Count(r => r.Route == route);

    /// <summary>Answers <paramref name="route"/> once with each answer in turn, then always with the last.</summary>
    public FakeApi On(string route, params Func<object>[] answers)
    {
        routes[route] = new Queue<Func<object>>(answers[..^1]);
        repeat[route] = answers[^1];
        return this;
    }

    public static Func<object> Json(object value) => () => value;

    public static Func<object> ProblemAnswer(int status, string title, string? detail = null) => () => Problem(status, title, detail);

    public static ApiProblem Problem(int status, string title, string? detail = null) => new(status, title, detail);

    public void SignOutElsewhere() => SignedOut?.Invoke(this, EventArgs.Empty);

    private object Answer(string route, object? body)
    {
        lock (Requests)
        {
            Requests.Add((route, body is null ? null : JsonSerializer.Serialize(body)));
        }

        if (routes.TryGetValue(route, out var queue) && queue.TryDequeue(out var next))
        {
            return next();
        }

        return repeat.TryGetValue(route, out var last) ? last() : Problem(404, "No fake for " + route);
    }

    private Task<ApiResult<T>> Call<T>(string route, object? body = null) => Task.FromResult(Answer(route, body) switch
    {
        ApiProblem problem => ApiResult.Failure<T>(problem),
        T value => ApiResult.Success(value),
        var other => throw new InvalidOperationException($"{route} answered a {other.GetType().Name}, not a {typeof(T).Name}."),
    });

    private static string P(Guid id) => $"/api/projects/{id}";

    public Task<ApiResult<MeDto>> MeAsync(CancellationToken cancellationToken = default) => Call<MeDto>("GET /api/me");

    public Task<ApiResult<List<ProjectDto>>> ProjectsAsync(CancellationToken cancellationToken = default) => Call<List<ProjectDto>>("GET /api/projects");

    public Task<ApiResult<ProjectDto>> ProjectAsync(Guid id, CancellationToken cancellationToken = default) => Call<ProjectDto>($"GET {P(id)}");

    public Task<ApiResult<EstimateDto>> EstimateAsync(string prompt, CancellationToken cancellationToken = default) =>
        Call<EstimateDto>("POST /api/projects/estimate", new { prompt });

    public Task<ApiResult<ProjectDto>> CreateProjectAsync(string name, string prompt, CancellationToken cancellationToken = default) =>
        Call<ProjectDto>("POST /api/projects", new { name, prompt });

    public Task<ApiResult<bool>> DeleteProjectAsync(Guid id, CancellationToken cancellationToken = default) => Call<bool>($"DELETE {P(id)}");

    public Task<ApiResult<ProjectDto>> ExtendAsync(Guid id, int minutes, CancellationToken cancellationToken = default) =>
        Call<ProjectDto>($"POST {P(id)}/extend", new { minutes });

    public Task<ApiResult<OperationAccepted>> ProvisionAsync(Guid id, CancellationToken cancellationToken = default) =>
        Call<OperationAccepted>($"POST {P(id)}/infrastructure");

    public Task<ApiResult<OperationAccepted>> ProvisionAndDeployAsync(Guid id, CancellationToken cancellationToken = default) =>
        Call<OperationAccepted>($"POST {P(id)}/infrastructure?deploy=true");

    public Task<ApiResult<OperationAccepted>> DestroyAsync(Guid id, CancellationToken cancellationToken = default) =>
        Call<OperationAccepted>($"DELETE {P(id)}/infrastructure");

    public Task<ApiResult<OperationAccepted>> PurgeAndDestroyAsync(Guid id, CancellationToken cancellationToken = default) =>
        Call<OperationAccepted>($"DELETE {P(id)}/infrastructure?purge=true");

    public Task<ApiResult<OperationAccepted>> DeployAsync(Guid id, CancellationToken cancellationToken = default) =>
        Call<OperationAccepted>($"POST {P(id)}/application");

    public Task<ApiResult<OperationAccepted>> PurgeAsync(Guid id, CancellationToken cancellationToken = default) =>
        Call<OperationAccepted>($"DELETE {P(id)}/application");

    public Task<ApiResult<List<EventDto>>> EventsAsync(Guid id, long after, CancellationToken cancellationToken = default) =>
        Call<List<EventDto>>($"GET {P(id)}/events?after={after}");

    /// <summary>Yields the answered events, then ends (as a stream the server closed); a problem answer throws.</summary>
    public async IAsyncEnumerable<EventDto> StreamEventsAsync(Guid id, long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = await Call<List<EventDto>>($"GET {P(id)}/events/stream?after={after}");
        if (page.Problem is { } problem)
        {
            throw new InvalidOperationException(problem.Title);
        }

        foreach (var e in page.Value!)
        {
            yield return e;
        }
    }

    public Task<ApiResult<List<GeneratedFileDto>>> FilesAsync(Guid id, CancellationToken cancellationToken = default) =>
        Call<List<GeneratedFileDto>>($"GET {P(id)}/files");

    public Task<ApiResult<string>> FileAsync(Guid id, string path, CancellationToken cancellationToken = default) =>
        Call<string>($"GET {P(id)}/files/{path}");

    public Task<ApiResult<PreviewTicketDto>> PreviewTicketAsync(Guid id, CancellationToken cancellationToken = default) =>
        Call<PreviewTicketDto>($"POST {P(id)}/preview-ticket");

    public Task<ApiResult<NotificationListDto>> NotificationsAsync(CancellationToken cancellationToken = default) =>
        Call<NotificationListDto>("GET /api/notifications");

    public Task<ApiResult<NotificationListDto>> MarkNotificationsReadAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default) =>
        Call<NotificationListDto>("POST /api/notifications/read", new { ids });

    public Task<ApiResult<StatsDto>> StatsAsync(CancellationToken cancellationToken = default) => Call<StatsDto>("GET /api/admin/stats");

    public Task SignOutAsync(CancellationToken cancellationToken = default) => Call<bool>("sign out");
}

public static class Samples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static readonly Guid ProjectId = Guid.Parse("6c1b0a9e-0000-4000-8000-000000000001");

    public static ProjectDto Project(ApplicationStatus app, InfrastructureStatus infra = InfrastructureStatus.Deployed, string? appError = null) => new(
        ProjectId, "chores", "a to-do list", "todo-list", Now.AddHours(-1), Now.AddMinutes(30), 0.27m, 0.0004m,
        new InfrastructureDto(infra, Now, null, [], new Dictionary<string, string> { ["siteUrl"] = $"/preview/{ProjectId}/" }),
        new ApplicationDto(app, 1, Now.AddMinutes(-5), appError));

    public static OperationAccepted Accepted(ProjectDto project) => new(Guid.NewGuid(), project);

    /// <summary>A bunit context with MudBlazor, loose JS interop (localStorage calls answer nothing) and a fake clock.</summary>
    public static BunitContext Context(FakeTimeProvider? clock = null)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton<TimeProvider>(clock ?? new FakeTimeProvider(Now));
        return ctx;
    }

    /// <summary>Makes <paramref name="api"/> the platform that components under test talk to.</summary>
    public static FakeApi AddApi(BunitContext ctx, FakeApi api)
    {
        ctx.Services.AddSingleton<IPlatformApi>(api);
        return api;
    }
}
