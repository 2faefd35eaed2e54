using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Infrastructure;

namespace PromptStack.IntegrationTests.Api;

/// <summary>The UI calls the request handlers in process, past the API's owned-project filter: it must check ownership itself.</summary>
public sealed class PlatformApiOwnershipTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Requests_AnotherUsersProject_Answer404()
    {
        var (alice, _) = await app.NewUserAsync();
        var (_, bobSession) = await app.NewUserAsync();
        var id = await CreateAsync(alice);
        var bob = Api(bobSession);

        ApiProblem?[] problems =
        [
            (await bob.ProvisionAsync(id)).Problem, (await bob.DestroyAsync(id)).Problem, (await bob.DeployAsync(id)).Problem,
            (await bob.PurgeAsync(id)).Problem, (await bob.ExtendAsync(id, 30)).Problem, (await bob.DeleteProjectAsync(id)).Problem,
        ];

        Assert.All(problems, p => Assert.Equal((404, "Project not found"), (p!.Status, p.Title)));
    }

    [Fact]
    public async Task Requests_OwnProject_AskTheLifecycle()
    {
        var (alice, aliceSession) = await app.NewUserAsync();
        var id = await CreateAsync(alice);
        var api = Api(aliceSession);

        var destroy = (await api.DestroyAsync(id)).Problem!;
        Assert.Equal((409, "No infrastructure"), (destroy.Status, destroy.Title));
        Assert.Equal("Nothing to extend", (await api.ExtendAsync(id, 30)).Problem!.Title);
        Assert.Null((await api.DeleteProjectAsync(id)).Problem);
        Assert.Equal(404, (await api.ProvisionAsync(id)).Problem!.Status);
    }

    [Fact]
    public async Task Notifications_ListAndMarkRead_OnlyTheCallersOwn()
    {
        var (_, aliceSession) = await app.NewUserAsync();
        var (_, bobSession) = await app.NewUserAsync();
        var aliceNote = await NotifyAsync(aliceSession.User.Id, "for alice");
        await NotifyAsync(bobSession.User.Id, "for bob");
        var bob = Api(bobSession);

        var list = (await bob.NotificationsAsync()).Value!;
        Assert.Equal((1, "for bob"), (list.UnreadCount, Assert.Single(list.Items).Title));

        Assert.Equal(1, (await bob.MarkNotificationsReadAsync([aliceNote])).Value!.UnreadCount);
        Assert.Equal(1, (await Api(aliceSession).NotificationsAsync()).Value!.UnreadCount);
        Assert.Equal(0, (await bob.MarkNotificationsReadAsync([])).Value!.UnreadCount);
        Assert.Equal(1, (await Api(aliceSession).NotificationsAsync()).Value!.UnreadCount);
    }

    private async Task<Guid> NotifyAsync(Guid userId, string title)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStack.Data.PromptStackDbContext>();
        var note = new PromptStack.Data.Entities.Notification
        {
            Id = Guid.NewGuid(), UserId = userId, Kind = "cost-alert", Title = title, Message = "m", CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Notifications.Add(note);
        await db.SaveChangesAsync();
        return note.Id;
    }

    private PlatformApi Api(SessionDto session) => new(
        app.Services.GetRequiredService<IServiceScopeFactory>(), new SignedIn(PrincipalOf(session.AccessToken)),
        app.Services.GetRequiredService<UserRateLimits>(), NullLogger<PlatformApi>.Instance);

    /// <summary>The circuit's principal carries the same 'sub' and 'sid' as the access token.</summary>
    private static ClaimsPrincipal PrincipalOf(string accessToken)
    {
        var payload = accessToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var claims = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '='))).RootElement;
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", claims.GetProperty("sub").GetString()!), new Claim(CurrentUser.SessionClaim, claims.GetProperty("sid").GetString()!)], "test"));
    }

    private static async Task<Guid> CreateAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/projects", new { name = "owned", prompt = "a todo list" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private sealed class SignedIn(ClaimsPrincipal principal) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(principal));
    }
}
