using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Projects;

namespace PromptStack.ComponentTests;

/// <summary>An HTTP API stand-in: answers by "METHOD path" from queued responses and records every request.</summary>
public sealed class FakeApi : HttpMessageHandler
{
    private readonly Dictionary<string, Queue<Func<HttpResponseMessage>>> routes = [];
    private readonly Dictionary<string, Func<HttpResponseMessage>> repeat = [];

    public List<(string Route, string? Authorization, string? Body)> Requests { get; } = [];

    public int Count(string route) => Requests.Count(r => r.Route == route);

    /// <summary>Answers <paramref name="route"/> once with each response in turn, then always with the last.</summary>
    public FakeApi On(string route, params Func<HttpResponseMessage>[] responses)
    {
        routes[route] = new Queue<Func<HttpResponseMessage>>(responses[..^1]);
        repeat[route] = responses[^1];
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var route = $"{request.Method} {request.RequestUri!.PathAndQuery}";
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((route, request.Headers.Authorization?.Parameter, body));
        }

        if (routes.TryGetValue(route, out var queue) && queue.TryDequeue(out var next))
        {
            return next();
        }

        return repeat.TryGetValue(route, out var last) ? last() : Problem(404, "No fake for " + route);
    }

    public static Func<HttpResponseMessage> Json(object value, HttpStatusCode status = HttpStatusCode.OK) => () =>
        new HttpResponseMessage(status) { Content = new StringContent(JsonSerializer.Serialize(value, ApiClient.Json), Encoding.UTF8, "application/json") };

    public static Func<HttpResponseMessage> ProblemAnswer(int status, string title, string? detail = null) => () => Problem(status, title, detail);

    public static HttpResponseMessage Problem(int status, string title, string? detail = null) =>
        new((HttpStatusCode)status)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { type = "about:blank", title, status, detail, traceId = "t" }), Encoding.UTF8, "application/problem+json"),
        };
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

    public static SessionDto Session(DateTimeOffset expiresAt, string access = "access-1", string refresh = "refresh-1") =>
        new(access, refresh, expiresAt, new SessionUserDto(Guid.NewGuid(), "someone@example.com", "user"));

    /// <summary>A bunit context with MudBlazor, loose JS interop (localStorage calls answer nothing) and a fake clock.</summary>
    public static BunitContext Context(FakeTimeProvider? clock = null)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton<TimeProvider>(clock ?? new FakeTimeProvider(Now));
        return ctx;
    }

    /// <summary>Adds the UI's session and API client, talking to <paramref name="api"/>, signed in until an hour from now.</summary>
    public static async Task<ApiClient> AddApiAsync(BunitContext ctx, FakeApi api)
    {
        ctx.Services.AddScoped<SessionStore>();
        ctx.Services.AddScoped(sp => new ApiClient(new HttpClient(api) { BaseAddress = new Uri("http://promptstack.test/") },
            sp.GetRequiredService<SessionStore>(), sp.GetRequiredService<TimeProvider>()));
        var client = ctx.Services.GetRequiredService<ApiClient>();
        await client.Session.SaveAsync(Session(Now.AddHours(1)));
        return client;
    }
}
