using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using PromptStack.Web.Features.Admin;
using PromptStack.Web.Features.Application;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Events;
using PromptStack.Web.Features.Projects;

namespace PromptStack.Web.Components.Services;

/// <summary>
/// The UI's only way to the platform: its public HTTP API on the same origin. Sends the session's
/// access token, refreshes it shortly before it expires or when a call answers 401, and turns every
/// failure into the API's problem (title and detail) for the page to show.
/// </summary>
public sealed class ApiClient(HttpClient http, SessionStore session, TimeProvider clock) : IDisposable
{
    public const string HttpClientName = "promptstack-ui";

    /// <summary>Refresh when the access token has less than this left.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly SemaphoreSlim refreshGate = new(1, 1);

    public SessionStore Session => session;

    // Auth

    public Task<ApiResult<SessionDto>> RegisterAsync(string email, string password, CancellationToken cancellationToken = default) =>
        SignInAsync("api/auth/register", email, password, cancellationToken);

    public Task<ApiResult<SessionDto>> LoginAsync(string email, string password, CancellationToken cancellationToken = default) =>
        SignInAsync("api/auth/login", email, password, cancellationToken);

    /// <summary>Revokes the session's refresh tokens on the server, then forgets the session here.</summary>
    public async Task SignOutAsync(CancellationToken cancellationToken = default)
    {
        if (session.Current is { } current)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await http.PostAsJsonAsync("api/auth/logout", new RefreshRequest(current.RefreshToken), Json, timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // Signing out locally still happens; the token then simply expires.
            }
        }

        await session.ClearAsync();
    }

    public Task<ApiResult<MeDto>> MeAsync(CancellationToken cancellationToken = default) =>
        SendAsync<MeDto>(HttpMethod.Get, "api/me", null, cancellationToken);

    // Projects

    public Task<ApiResult<List<ProjectDto>>> ProjectsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<List<ProjectDto>>(HttpMethod.Get, "api/projects", null, cancellationToken);

    public Task<ApiResult<ProjectDto>> ProjectAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<ProjectDto>(HttpMethod.Get, $"api/projects/{id}", null, cancellationToken);

    public Task<ApiResult<EstimateDto>> EstimateAsync(string prompt, CancellationToken cancellationToken = default) =>
        SendAsync<EstimateDto>(HttpMethod.Post, "api/projects/estimate", new EstimateRequest(prompt), cancellationToken);

    public Task<ApiResult<ProjectDto>> CreateProjectAsync(string name, string prompt, CancellationToken cancellationToken = default) =>
        SendAsync<ProjectDto>(HttpMethod.Post, "api/projects", new CreateProjectRequest(name, prompt), cancellationToken);

    public Task<ApiResult<bool>> DeleteProjectAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<bool>(HttpMethod.Delete, $"api/projects/{id}", null, cancellationToken);

    public Task<ApiResult<ProjectDto>> ExtendAsync(Guid id, int minutes, CancellationToken cancellationToken = default) =>
        SendAsync<ProjectDto>(HttpMethod.Post, $"api/projects/{id}/extend", new ExtendRequest(minutes), cancellationToken);

    // Operations (202 Accepted with the project as it is now)

    public Task<ApiResult<OperationAccepted>> ProvisionAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, $"api/projects/{id}/infrastructure", null, cancellationToken);

    public Task<ApiResult<OperationAccepted>> DestroyAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Delete, $"api/projects/{id}/infrastructure", null, cancellationToken);

    public Task<ApiResult<OperationAccepted>> DeployAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Post, $"api/projects/{id}/application", null, cancellationToken);

    public Task<ApiResult<OperationAccepted>> PurgeAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<OperationAccepted>(HttpMethod.Delete, $"api/projects/{id}/application", null, cancellationToken);

    // Events and files

    public Task<ApiResult<List<EventDto>>> EventsAsync(Guid id, long after, CancellationToken cancellationToken = default) =>
        SendAsync<List<EventDto>>(HttpMethod.Get, $"api/projects/{id}/events?after={after}", null, cancellationToken);

    public Task<ApiResult<List<GeneratedFileDto>>> FilesAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<List<GeneratedFileDto>>(HttpMethod.Get, $"api/projects/{id}/files", null, cancellationToken);

    public Task<ApiResult<string>> FileAsync(Guid id, string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/projects/{id}/files/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}", null,
            (content, ct) => content.ReadAsStringAsync(ct), cancellationToken);

    // Admin

    public Task<ApiResult<StatsDto>> StatsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<StatsDto>(HttpMethod.Get, "api/admin/stats", null, cancellationToken);

    /// <summary>
    /// Reads <c>/api/projects/{id}/events/stream</c> (server-sent events) and yields each event as it
    /// arrives. Ends when the server closes the stream; throws <see cref="HttpRequestException"/> when
    /// it cannot be opened, so callers reconnect.
    /// </summary>
    public async IAsyncEnumerable<EventDto> StreamEventsAsync(Guid id, long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureFreshTokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/projects/{id}/events/stream?after={after}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        Authorize(request);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The event stream answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body);
        await foreach (var message in ServerSentEvents.ReadAsync(reader, cancellationToken))
        {
            if (message.Data.Length > 0 && JsonSerializer.Deserialize<EventDto>(message.Data, Json) is { } e)
            {
                yield return e;
            }
        }
    }

    /// <summary>Refreshes the access token if it expires within <see cref="RefreshMargin"/>. False when signed out.</summary>
    public async Task<bool> EnsureFreshTokenAsync(CancellationToken cancellationToken = default)
    {
        var current = session.Current;
        if (current is null)
        {
            return false;
        }

        return current.ExpiresAt - clock.GetUtcNow() > RefreshMargin || await RefreshAsync(current.RefreshToken, cancellationToken);
    }

    public void Dispose() => refreshGate.Dispose();

    private async Task<ApiResult<SessionDto>> SignInAsync(string path, string email, string password, CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Post, path, new CredentialsRequest(email, password),
            (content, ct) => ReadJsonAsync<SessionDto>(content, ct), cancellationToken, authorize: false);
        if (result.Value is { } signedIn)
        {
            await session.SaveAsync(signedIn);
        }

        return result;
    }

    private Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, (content, ct) => typeof(T) == typeof(bool) ? Task.FromResult((T)(object)true) : ReadJsonAsync<T>(content, ct),
            cancellationToken);

    private async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string path, object? body, Func<HttpContent, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken, bool authorize = true)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (authorize && !await EnsureFreshTokenAsync(cancellationToken))
            {
                return ApiResult.Failure<T>(new ApiProblem(401, "Signed out", "Sign in again to continue."));
            }

            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            }

            if (authorize)
            {
                Authorize(request);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CallTimeout);
            try
            {
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.StatusCode == HttpStatusCode.Unauthorized && authorize)
                {
                    var rejected = session.Current?.RefreshToken;
                    if (attempt == 0 && rejected is not null && await RefreshAsync(rejected, cancellationToken))
                    {
                        continue;
                    }

                    await session.ClearAsync();
                }

                if (response.IsSuccessStatusCode)
                {
                    return ApiResult.Success(await read(response.Content, timeout.Token));
                }

                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                return ApiResult.Failure<T>(ApiProblem.Parse((int)response.StatusCode, text, response.ReasonPhrase));
            }
            catch (HttpRequestException ex)
            {
                return ApiResult.Failure<T>(ApiProblem.Unreachable(ex.Message));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ApiResult.Failure<T>(ApiProblem.Unreachable($"The platform did not answer within {CallTimeout.TotalSeconds:0} seconds."));
            }
            catch (JsonException ex)
            {
                return ApiResult.Failure<T>(new ApiProblem(0, "Unexpected answer from the platform", ex.Message));
            }
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (session.Current is { } current)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current.AccessToken);
        }
    }

    /// <summary>
    /// Trades <paramref name="stale"/> for a new session. Refresh tokens rotate and a reused one revokes
    /// its family, so refreshes are serialised and a newer session (refreshed by another call of this
    /// circuit, or by another tab into localStorage) is adopted instead of refreshing again.
    /// </summary>
    private async Task<bool> RefreshAsync(string stale, CancellationToken cancellationToken)
    {
        await refreshGate.WaitAsync(cancellationToken);
        try
        {
            if (session.Current is not { } current)
            {
                return false;
            }

            if (current.RefreshToken != stale)
            {
                return true;
            }

            if (await session.ReadStoredAsync() is { } stored && stored.RefreshToken != stale &&
                stored.ExpiresAt - clock.GetUtcNow() > RefreshMargin)
            {
                await session.SaveAsync(stored);
                return true;
            }

            var result = await SendAsync(HttpMethod.Post, "api/auth/refresh", new RefreshRequest(stale),
                (content, ct) => ReadJsonAsync<SessionDto>(content, ct), cancellationToken, authorize: false);
            if (result.Value is { } renewed)
            {
                await session.SaveAsync(renewed);
                return true;
            }

            if (result.Problem?.Status is 400 or 401)
            {
                await session.ClearAsync();
            }

            return false;
        }
        finally
        {
            refreshGate.Release();
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpContent content, CancellationToken cancellationToken) =>
        await content.ReadFromJsonAsync<T>(Json, cancellationToken) ?? throw new JsonException("The answer was empty.");
}
