using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Features.Events;

namespace PromptStack.ComponentTests;

public sealed class ApiClientTests
{
    private static readonly string Get = $"GET /api/projects/{Samples.ProjectId}";
    private const string Refresh = "POST /api/auth/refresh";

    private static async Task<(ApiClient Api, FakeApi Fake, FakeTimeProvider Clock, BunitContext Ctx)> SignedInAsync(Action<FakeApi> routes)
    {
        var clock = new FakeTimeProvider(Samples.Now);
        var ctx = Samples.Context(clock);
        var fake = new FakeApi();
        routes(fake);
        var api = await Samples.AddApiAsync(ctx, fake);
        return (api, fake, clock, ctx);
    }

    [Fact]
    public async Task Send_TokenValid_SendsItAsBearer()
    {
        var (api, fake, _, ctx) = await SignedInAsync(f => f.On(Get, FakeApi.Json(Samples.Project(ApplicationStatus.None))));
        await using var _ = ctx;

        var result = await api.ProjectAsync(Samples.ProjectId);

        Assert.True(result.IsSuccess);
        Assert.Equal("chores", result.Value!.Name);
        Assert.Equal(ApplicationStatus.None, result.Value.Application.Status);
        Assert.Equal(("access-1"), fake.Requests.Single().Authorization);
    }

    [Fact]
    public async Task Send_TokenNearExpiry_RefreshesFirstAndUsesTheNewToken()
    {
        var (api, fake, clock, ctx) = await SignedInAsync(f => f
            .On(Refresh, FakeApi.Json(Samples.Session(Samples.Now.AddHours(2), "access-2", "refresh-2")))
            .On(Get, FakeApi.Json(Samples.Project(ApplicationStatus.None))));
        await using var _ = ctx;
        clock.Advance(TimeSpan.FromMinutes(59));

        var result = await api.ProjectAsync(Samples.ProjectId);

        Assert.True(result.IsSuccess);
        Assert.Equal([Refresh, Get], fake.Requests.Select(r => r.Route));
        Assert.Contains("refresh-1", fake.Requests[0].Body, StringComparison.Ordinal);
        Assert.Equal("access-2", fake.Requests[1].Authorization);
        Assert.Equal("refresh-2", api.Session.Current!.RefreshToken);
    }

    [Fact]
    public async Task Send_Unauthorized_RefreshesOnceAndRetries()
    {
        var (api, fake, _, ctx) = await SignedInAsync(f => f
            .On(Get, FakeApi.ProblemAnswer(401, "Unauthorized"), FakeApi.Json(Samples.Project(ApplicationStatus.Deployed)))
            .On(Refresh, FakeApi.Json(Samples.Session(Samples.Now.AddHours(1), "access-2", "refresh-2"))));
        await using var _ = ctx;

        var result = await api.ProjectAsync(Samples.ProjectId);

        Assert.True(result.IsSuccess);
        Assert.Equal([Get, Refresh, Get], fake.Requests.Select(r => r.Route));
        Assert.Equal("access-2", fake.Requests[2].Authorization);
    }

    [Fact]
    public async Task Send_RefreshRejected_SignsOutAndReportsTheProblem()
    {
        var (api, fake, _, ctx) = await SignedInAsync(f => f
            .On(Get, FakeApi.ProblemAnswer(401, "Unauthorized", "Sign in and send 'Authorization: Bearer <accessToken>'."))
            .On(Refresh, FakeApi.ProblemAnswer(401, "Invalid refresh token", "Sign in again.")));
        await using var _ = ctx;
        var changes = 0;
        api.Session.Changed += (_, _) => changes++;

        var result = await api.ProjectAsync(Samples.ProjectId);

        Assert.False(result.IsSuccess);
        Assert.Equal(401, result.Problem!.Status);
        Assert.False(api.Session.IsSignedIn);
        Assert.Equal(1, changes);
        Assert.Equal(1, fake.Count(Refresh));
    }

    [Fact]
    public async Task Send_ConcurrentCallsNearExpiry_RefreshOnlyOnce()
    {
        var (api, fake, clock, ctx) = await SignedInAsync(f => f
            .On(Refresh, FakeApi.Json(Samples.Session(Samples.Now.AddHours(2), "access-2", "refresh-2")))
            .On(Get, FakeApi.Json(Samples.Project(ApplicationStatus.None))));
        await using var _ = ctx;
        clock.Advance(TimeSpan.FromMinutes(59));

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => api.ProjectAsync(Samples.ProjectId)));

        // Refresh tokens rotate and a reused one revokes the whole family: one refresh only.
        Assert.Equal(1, fake.Count(Refresh));
        Assert.All(fake.Requests.Where(r => r.Route == Get), r => Assert.Equal("access-2", r.Authorization));
    }

    [Fact]
    public async Task Send_Conflict_ReturnsTheApiTitleAndDetail()
    {
        var (api, _, _, ctx) = await SignedInAsync(f => f.On("POST /api/projects",
            FakeApi.ProblemAnswer(409, "Total cost limit exceeded", "Your projects are estimated at $90/month.")));
        await using var _ = ctx;

        var result = await api.CreateProjectAsync("sales", "a bar chart of monthly sales");

        Assert.Equal("Total cost limit exceeded", result.Problem!.Title);
        Assert.Equal("Your projects are estimated at $90/month.", result.Problem.Detail);
        Assert.True(api.Session.IsSignedIn);
    }

    [Fact]
    public async Task Login_Success_SavesTheSession()
    {
        var clock = new FakeTimeProvider(Samples.Now);
        await using var ctx = Samples.Context(clock);
        var fake = new FakeApi().On("POST /api/auth/login", FakeApi.Json(Samples.Session(Samples.Now.AddHours(1), "access-9", "refresh-9")));
        ctx.Services.AddScoped<SessionStore>();
        ctx.Services.AddScoped(sp => new ApiClient(new HttpClient(fake) { BaseAddress = new Uri("http://promptstack.test/") },
            sp.GetRequiredService<SessionStore>(), clock));
        var api = ctx.Services.GetRequiredService<ApiClient>();

        var result = await api.LoginAsync("someone@example.com", "correct-horse-battery");

        Assert.True(result.IsSuccess);
        Assert.Equal("access-9", api.Session.Current!.AccessToken);
        Assert.Null(fake.Requests.Single().Authorization);
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "localStorage.setItem" && (string)i.Arguments[0]! == SessionStore.StorageKey);
    }

    [Fact]
    public async Task StreamEvents_EventStream_YieldsEventsWithTheToken()
    {
        var stream = "id: 1\nevent: project-event\ndata: {\"seq\":1,\"at\":\"2026-11-26T12:00:00Z\",\"level\":\"info\",\"operation\":\"provision\",\"message\":\"Provisioning infrastructure.\"}\n\n" +
                     "id: 2\nevent: project-event\ndata: {\"seq\":2,\"at\":\"2026-11-26T12:00:01Z\",\"level\":\"info\",\"operation\":\"provision\",\"message\":\"Infrastructure deployed.\"}\n\n";
        var (api, fake, _, ctx) = await SignedInAsync(f => f.On($"GET /api/projects/{Samples.ProjectId}/events/stream?after=0",
            () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(stream, Encoding.UTF8, "text/event-stream") }));
        await using var _ = ctx;

        var events = new List<EventDto>();
        await foreach (var e in api.StreamEventsAsync(Samples.ProjectId, 0))
        {
            events.Add(e);
        }

        Assert.Equal(["Provisioning infrastructure.", "Infrastructure deployed."], events.Select(e => e.Message));
        Assert.Equal("access-1", fake.Requests.Single().Authorization);
    }
}
