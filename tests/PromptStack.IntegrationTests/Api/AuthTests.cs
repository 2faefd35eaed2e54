using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Web.Features.Auth;

namespace PromptStack.IntegrationTests.Api;

public abstract class AuthTests(PromptStackApp app)
{
    private static string NewEmail() => $"auth-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Register_ValidDetails_ReturnsSessionThatWorks()
    {
        var email = NewEmail();
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/register", new { email, password = "0123456789" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = (await response.Content.ReadFromJsonAsync<SessionDto>(Json.Options))!;
        Assert.Equal(email, session.User.Email);
        Assert.Equal("user", session.User.Role);
        Assert.InRange(session.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        var me = await app.Authorized(session.AccessToken).GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(10, me.GetProperty("limits").GetProperty("maxProjects").GetInt32());
        Assert.Equal(240, me.GetProperty("limits").GetProperty("maxResourceTtlMinutes").GetInt32());
        Assert.Equal(0, me.GetProperty("usage").GetProperty("projects").GetInt32());
    }

    [Theory]
    [InlineData("short1234", "password")]
    [InlineData("", "password")]
    public async Task Register_WeakPassword_Returns400(string password, string field)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/register", new { email = NewEmail(), password });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("")]
    [InlineData("two@@example.com")]
    public async Task Register_BadEmail_Returns400(string email)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/register", new { email, password = "0123456789" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Register_DuplicateEmailInAnyCase_Returns409()
    {
        var email = NewEmail();
        var client = app.CreateClient();
        (await client.PostAsJsonAsync("/api/auth/register", new { email, password = "0123456789" })).EnsureSuccessStatusCode();

        var again = await client.PostAsJsonAsync("/api/auth/register", new { email = email.ToUpperInvariant(), password = "0123456789" });

        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "E-mail already registered");
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownEmail_Returns401WithSameMessage()
    {
        var (_, session) = await app.NewUserAsync();
        var client = app.CreateClient();

        var wrongPassword = await client.PostAsJsonAsync("/api/auth/login", new { email = session.User.Email, password = "wrong-password" });
        var unknownEmail = await client.PostAsJsonAsync("/api/auth/login", new { email = NewEmail(), password = "wrong-password" });

        var a = await ProblemAssert.IsProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, "Invalid e-mail or password");
        var b = await ProblemAssert.IsProblemAsync(unknownEmail, HttpStatusCode.Unauthorized, "Invalid e-mail or password");
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_RightPassword_ReturnsNewSession()
    {
        var (_, session) = await app.NewUserAsync();

        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = session.User.Email, password = "correct-horse-battery" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var login = (await response.Content.ReadFromJsonAsync<SessionDto>(Json.Options))!;
        Assert.Equal(session.User.Id, login.User.Id);
        Assert.NotEqual(session.RefreshToken, login.RefreshToken);
    }

    [Fact]
    public async Task Refresh_RotatesToken_AndReuseRevokesFamily()
    {
        var (_, first) = await app.NewUserAsync();
        var client = app.CreateClient();

        var second = await RefreshAsync(client, first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var secondSession = (await second.Content.ReadFromJsonAsync<SessionDto>(Json.Options))!;
        Assert.NotEqual(first.RefreshToken, secondSession.RefreshToken);

        // The old token again: a thief or a replay. It fails, and so does the newer token of the same family.
        var reuse = await RefreshAsync(client, first.RefreshToken);
        await ProblemAssert.IsProblemAsync(reuse, HttpStatusCode.Unauthorized, "Invalid refresh token");
        var afterRevocation = await RefreshAsync(client, secondSession.RefreshToken);
        await ProblemAssert.IsProblemAsync(afterRevocation, HttpStatusCode.Unauthorized, "Invalid refresh token");
    }

    [Fact]
    public async Task Logout_RevokesTheSessionsRefreshTokens()
    {
        var (_, session) = await app.NewUserAsync();
        var client = app.CreateClient();
        var renewed = (await (await RefreshAsync(client, session.RefreshToken)).Content.ReadFromJsonAsync<SessionDto>(Json.Options))!;

        var logout = await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = renewed.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await ProblemAssert.IsProblemAsync(await RefreshAsync(client, renewed.RefreshToken), HttpStatusCode.Unauthorized, "Invalid refresh token");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = "unknown" })).StatusCode);
    }

    [Fact]
    public async Task Refresh_UnknownToken_Returns401()
    {
        var response = await RefreshAsync(app.CreateClient(), "made-up-token");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WithoutToken_Returns401Problem()
    {
        var response = await app.CreateClient().GetAsync("/api/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WithTamperedToken_Returns401()
    {
        var (_, session) = await app.NewUserAsync();
        var tampered = session.AccessToken[..^4] + (session.AccessToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var response = await app.Authorized(tampered).GetAsync("/api/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WithTokenSignedByAnotherKey_Returns401()
    {
        var (_, session) = await app.NewUserAsync();
        var otherKey = new SymmetricSecurityKey("another-secret-another-secret-another-secret"u8.ToArray());
        var forged = TokenService.CreateAccessToken(otherKey, session.User.Id, session.User.Email, "admin",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10), Guid.NewGuid());

        var response = await app.Authorized(forged).GetAsync("/api/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WithExpiredToken_Returns401()
    {
        var (_, session) = await app.NewUserAsync();
        var key = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(PromptStackApp.JwtSecret));
        var expired = TokenService.CreateAccessToken(key, session.User.Id, session.User.Email, "user",
            DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(-1), Guid.NewGuid());

        var response = await app.Authorized(expired).GetAsync("/api/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Register_AdminLookingEmail_GetsUserRole()
    {
        // Admins are made by the users command only (see AdminCommandTests), never by the address.
        var (client, session) = await app.NewUserAsync("admin@example.com");

        Assert.Equal("user", session.User.Role);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/stats")).StatusCode);
    }

    private static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string token) =>
        client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token });
}

public sealed class AuthTestsOnSqlite(SqliteApp app) : AuthTests(app), IClassFixture<SqliteApp>;

public sealed class AuthTestsOnPostgres(PostgresApp app) : AuthTests(app), IClassFixture<PostgresApp>;
