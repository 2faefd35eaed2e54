using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using PromptStack.Blueprints;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Costs;
using PromptStack.Provisioning.Engine;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Web.Features.Admin;
using PromptStack.Web.Features.Application;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Events;
using PromptStack.Web.Features.Notifications;
using PromptStack.Web.Features.Preview;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Components.Services;

/// <summary>
/// The UI's way to the platform: it calls the very handlers that serve the HTTP API, in process, as
/// the circuit's signed-in user. Each call gets its own DI scope (a circuit lives long and its calls
/// overlap, a DbContext must not), checks that the sign-in is still live as the API's session check
/// does, and takes the same per-user rate-limit permits as the API.
/// </summary>
public sealed class PlatformApi(
    IServiceScopeFactory scopes, AuthenticationStateProvider authentication, UserRateLimits limits, ILogger<PlatformApi> logger) : IPlatformApi
{
    private static readonly TimeSpan StreamPollInterval = TimeSpan.FromMilliseconds(400);

    public event EventHandler? SignedOut;

    public Task<ApiResult<MeDto>> MeAsync(CancellationToken cancellationToken = default) =>
        CallAsync<MeDto>(async (s, p, _, ct) => await Me.HandleAsync(p, Db(s), s.GetRequiredService<PlatformOptions>(), s.GetRequiredService<LifecycleLimits>(), Clock(s), ct), cancellationToken);

    public Task<ApiResult<List<ProjectDto>>> ProjectsAsync(CancellationToken cancellationToken = default) =>
        CallAsync<List<ProjectDto>>(async (s, p, _, ct) => await ListProjects.HandleAsync(p, Db(s), s.GetRequiredService<ProjectReadCache>(), Clock(s), ct), cancellationToken);

    public Task<ApiResult<ProjectDto>> ProjectAsync(Guid id, CancellationToken cancellationToken = default) =>
        CallAsync<ProjectDto>(async (s, p, _, ct) => await GetProject.HandleAsync(id, p, Db(s), s.GetRequiredService<ProjectReadCache>(), Clock(s), ct), cancellationToken);

    public Task<ApiResult<EstimateDto>> EstimateAsync(string prompt, CancellationToken cancellationToken = default) =>
        CallAsync<EstimateDto>(async (s, _, _, ct) => await EstimateProject.HandleAsync(
            new EstimateRequest(prompt), s.GetRequiredService<IBlueprintGenerator>(), s.GetRequiredService<CostModel>(), ct), cancellationToken);

    public Task<ApiResult<ProjectDto>> CreateProjectAsync(string name, string prompt, CancellationToken cancellationToken = default) =>
        CallAsync<ProjectDto>(async (s, p, _, ct) => await CreateProject.HandleAsync(
            new CreateProjectRequest(name, prompt), p, Db(s), s.GetRequiredService<IBlueprintGenerator>(), s.GetRequiredService<CostModel>(),
            s.GetRequiredService<ProjectQuota>(), Clock(s), ct), cancellationToken, UserLimit.Create);

    public Task<ApiResult<bool>> DeleteProjectAsync(Guid id, CancellationToken cancellationToken = default) =>
        CallAsync<bool>((s, p, _, ct) => OwnedAsync(s, id, p, async project => await DeleteProject.DeleteAsync(project, Change(s), Db(s), ct), ct),
            cancellationToken);

    public Task<ApiResult<ProjectDto>> ExtendAsync(Guid id, int minutes, CancellationToken cancellationToken = default) =>
        CallAsync<ProjectDto>((s, p, _, ct) => OwnedAsync(s, id, p, async project => await ExtendProject.ExtendAsync(
            project, new ExtendRequest(minutes), Change(s), Db(s), s.GetRequiredService<LifecycleLimits>(), Clock(s), ct), ct), cancellationToken);

    public Task<ApiResult<OperationAccepted>> ProvisionAsync(Guid id, CancellationToken cancellationToken = default) =>
        RequestAsync(id, LifecycleRequest.Provision, cancellationToken);

    public Task<ApiResult<OperationAccepted>> ProvisionAndDeployAsync(Guid id, CancellationToken cancellationToken = default) =>
        RequestAsync(id, LifecycleRequest.ProvisionAndDeploy, cancellationToken);

    public Task<ApiResult<OperationAccepted>> DestroyAsync(Guid id, CancellationToken cancellationToken = default) =>
        RequestAsync(id, LifecycleRequest.Destroy, cancellationToken);

    public Task<ApiResult<OperationAccepted>> PurgeAndDestroyAsync(Guid id, CancellationToken cancellationToken = default) =>
        RequestAsync(id, LifecycleRequest.PurgeAndDestroy, cancellationToken);

    public Task<ApiResult<OperationAccepted>> DeployAsync(Guid id, CancellationToken cancellationToken = default) =>
        RequestAsync(id, LifecycleRequest.Deploy, cancellationToken);

    public Task<ApiResult<OperationAccepted>> PurgeAsync(Guid id, CancellationToken cancellationToken = default) =>
        RequestAsync(id, LifecycleRequest.Purge, cancellationToken);

    public Task<ApiResult<List<EventDto>>> EventsAsync(Guid id, long after, CancellationToken cancellationToken = default) =>
        CallAsync<List<EventDto>>(async (s, p, _, ct) => await EventEndpoints.ListAsync(id, after, p, Db(s), ct), cancellationToken);

    public async IAsyncEnumerable<EventDto> StreamEventsAsync(Guid id, long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var page = await EventsAsync(id, after, cancellationToken);
            if (page.Problem is { } problem)
            {
                throw new InvalidOperationException($"{problem.Title} ({problem.Status})");
            }

            foreach (var e in page.Value!)
            {
                after = e.Seq;
                yield return e;
            }

            await Task.Delay(StreamPollInterval, cancellationToken);
        }
    }

    public Task<ApiResult<List<GeneratedFileDto>>> FilesAsync(Guid id, CancellationToken cancellationToken = default) =>
        CallAsync<List<GeneratedFileDto>>(async (s, p, _, ct) => await GeneratedFiles.ListAsync(id, p, Db(s), ct), cancellationToken);

    public Task<ApiResult<string>> FileAsync(Guid id, string path, CancellationToken cancellationToken = default) =>
        CallAsync<string>(async (s, p, _, ct) => await GeneratedFiles.GetAsync(id, path, p, Db(s), ct), cancellationToken);

    public Task<ApiResult<PreviewTicketDto>> PreviewTicketAsync(Guid id, CancellationToken cancellationToken = default) =>
        CallAsync<PreviewTicketDto>(async (s, p, _, ct) => await PreviewTickets.IssueAsync(
            id, p, Db(s), s.GetRequiredService<EngineOptions>(), Clock(s), ct), cancellationToken);

    public Task<ApiResult<NotificationListDto>> NotificationsAsync(CancellationToken cancellationToken = default) =>
        CallAsync<NotificationListDto>(async (s, p, _, ct) => await Notifications.ListAsync(p, Db(s), ct), cancellationToken);

    public Task<ApiResult<NotificationListDto>> MarkNotificationsReadAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default) =>
        CallAsync<NotificationListDto>(async (s, p, _, ct) => await Notifications.MarkReadAsync(new MarkReadRequest([.. ids]), p, Db(s), Clock(s), ct),
            cancellationToken);

    public Task<ApiResult<StatsDto>> StatsAsync(CancellationToken cancellationToken = default) =>
        CallAsync<StatsDto>((s, _, user, ct) => user.IsAdmin
            ? GetStats.HandleAsync(Db(s), Clock(s), ct)
            : Task.FromResult<IResult>(TypedResults.Problem(title: "Forbidden", detail: "Your account may not do this.", statusCode: 403)),
            cancellationToken);

    public async Task SignOutAsync(CancellationToken cancellationToken = default)
    {
        if (CurrentUser.TryRead((await authentication.GetAuthenticationStateAsync()).User) is { } user)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<UserSessions>().EndAsync(user.SessionId, cancellationToken);
        }
    }

    private async Task<ApiResult<T>> CallAsync<T>(
        Func<IServiceProvider, ClaimsPrincipal, CurrentUser, CancellationToken, Task<IResult>> call,
        CancellationToken cancellationToken, UserLimit? limit = null)
    {
        var claimed = CurrentUser.TryRead((await authentication.GetAuthenticationStateAsync()).User);
        await using var scope = scopes.CreateAsyncScope();
        var user = claimed is null ? null
            : await scope.ServiceProvider.GetRequiredService<UserSessions>().FindActiveAsync(claimed.Id, claimed.SessionId, cancellationToken);
        if (user is null)
        {
            SignedOut?.Invoke(this, EventArgs.Empty);
            return ApiResult.Failure<T>(new ApiProblem(401, "Signed out", "Sign in again to continue."));
        }

        if (limit is { } which && limits.TryAcquire(which, user.Id) is { } wait)
        {
            return ApiResult.Failure<T>(new ApiProblem(429, "Too many requests", $"Slow down: try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds."));
        }

        try
        {
            return ApiResults.From<T>(await call(scope.ServiceProvider, user.ToPrincipal(JwtSetup.CookieScheme), user, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "A UI call failed.");
            return ApiResult.Failure<T>(new ApiProblem(500, "Something went wrong", "Something went wrong on our side. Try again."));
        }
    }

    /// <summary>What the API's owned-project filter does: the signed-in user's project, or 404 for anyone else's.</summary>
    private static async Task<IResult> OwnedAsync(
        IServiceProvider services, Guid id, ClaimsPrincipal principal, Func<Project, Task<IResult>> call, CancellationToken cancellationToken)
    {
        var project = await OwnedProject.FindAsync(id, principal, Change(services), cancellationToken);
        return project is null ? GetProject.NotFound() : await call(project);
    }

    /// <summary>An operation on the caller's own project, as its HTTP route requests it (same writer, same rate limit).</summary>
    private Task<ApiResult<OperationAccepted>> RequestAsync(Guid id, LifecycleRequest request, CancellationToken cancellationToken) =>
        CallAsync<OperationAccepted>((s, p, _, ct) => OwnedAsync(s, id, p, async project => await Change(s).RequestAsync(project, request, ct), ct),
            cancellationToken, UserLimit.Operation);

    private static PromptStackDbContext Db(IServiceProvider services) => services.GetRequiredService<PromptStackDbContext>();

    private static TimeProvider Clock(IServiceProvider services) => services.GetRequiredService<TimeProvider>();

    private static ProjectChange Change(IServiceProvider services) => services.GetRequiredService<ProjectChange>();
}
