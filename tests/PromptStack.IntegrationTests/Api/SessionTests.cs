using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PromptStack.Data;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Web.Features.Auth;

namespace PromptStack.IntegrationTests.Api;

/// <summary>A token opens something only while it names a live sign-in of a user who exists.</summary>
public abstract class SessionTests(PromptStackApp app)
{
    private static readonly SymmetricSecurityKey Key = new(System.Text.Encoding.UTF8.GetBytes(PromptStackApp.JwtSecret));

    [Fact]
    public async Task Requests_CorrectlySignedTokenOfUnknownUser_Return401()
    {
        var token = TokenService.CreateAccessToken(Key, Guid.NewGuid(), "ghost@example.com", "admin",
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10), Guid.NewGuid());
        var client = app.Authorized(token);

        await AssertAllRefusedAsync(client);
    }

    [Theory]
    [InlineData("not-a-guid", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("valid", false)]
    public async Task Requests_MalformedSubOrSid_Return401(string? sub, bool subIsBad)
    {
        var (_, session) = await app.NewUserAsync();
        var claims = new List<Claim> { new("email", session.User.Email), new("role", "user") };
        if (subIsBad)
        {
            if (sub is not null)
            {
                claims.Add(new Claim("sub", sub));
            }

            claims.Add(new Claim("sid", SessionIdOf(session.AccessToken).ToString()));
        }
        else
        {
            // A real user, but no session id at all.
            claims.Add(new Claim("sub", session.User.Id.ToString()));
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "promptstack", Audience = "promptstack", Subject = new ClaimsIdentity(claims),
            IssuedAt = DateTime.UtcNow, NotBefore = DateTime.UtcNow, Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });

        await AssertAllRefusedAsync(app.Authorized(token));
    }

    [Fact]
    public async Task AccessToken_AfterLogout_Returns401AtOnce()
    {
        var (client, session) = await app.NewUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        var logout = await app.CreateClient().PostAsJsonAsync("/api/auth/logout", new { refreshToken = session.RefreshToken });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        await AssertAllRefusedAsync(client);
    }

    [Fact]
    public async Task AccessTokens_AfterRefreshTokenReuse_Return401ForTheWholeSignIn()
    {
        var (first, session) = await app.NewUserAsync();
        var anonymous = app.CreateClient();
        var rotated = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = session.RefreshToken });
        rotated.EnsureSuccessStatusCode();
        var second = (await rotated.Content.ReadFromJsonAsync<SessionDto>(Json.Options))!;
        Assert.Equal(HttpStatusCode.OK, (await app.Authorized(second.AccessToken).GetAsync("/api/me")).StatusCode);

        // The first refresh token again: someone holds a copy, so the whole sign-in ends.
        var reused = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = session.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);

        await AssertAllRefusedAsync(first);
        await AssertAllRefusedAsync(app.Authorized(second.AccessToken));
        var renewed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = second.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, renewed.StatusCode);
    }

    [Fact]
    public async Task AccessToken_OfDeletedUser_Returns401()
    {
        var (client, session) = await app.NewUserAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            await db.Users.Where(u => u.Id == session.User.Id).ExecuteDeleteAsync();
        }

        await AssertAllRefusedAsync(client);
    }

    [Fact]
    public async Task Logout_OneSignIn_LeavesTheUsersOtherSignInsOpen()
    {
        var (client, session) = await app.NewUserAsync();
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = session.User.Email, password = "correct-horse-battery" });
        var other = (await login.Content.ReadFromJsonAsync<SessionDto>(Json.Options))!;

        await app.CreateClient().PostAsJsonAsync("/api/auth/logout", new { refreshToken = other.RefreshToken });

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Authorized(other.AccessToken).GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task CredentialCleanup_DayAfterLogout_RemovesThatSignInAndKeepsLiveOnes()
    {
        var (_, ended) = await app.NewUserAsync();
        var (live, kept) = await app.NewUserAsync();
        await app.CreateClient().PostAsJsonAsync("/api/auth/logout", new { refreshToken = ended.RefreshToken });
        var endedId = SessionIdOf(ended.AccessToken);
        var keptId = SessionIdOf(kept.AccessToken);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            await CredentialCleanup.CleanOnceAsync(db, DateTimeOffset.UtcNow + CredentialCleanup.KeptFor + TimeSpan.FromMinutes(1), CancellationToken.None);
            Assert.False(await db.Sessions.AnyAsync(s => s.Id == endedId));
            Assert.False(await db.RefreshTokens.AnyAsync(t => t.FamilyId == endedId));
            Assert.True(await db.Sessions.AnyAsync(s => s.Id == keptId));
            Assert.True(await db.RefreshTokens.AnyAsync(t => t.FamilyId == keptId));
        }

        Assert.Equal(HttpStatusCode.OK, (await live.GetAsync("/api/me")).StatusCode);
    }

    private static Guid SessionIdOf(string accessToken) =>
        Guid.Parse(new JsonWebToken(accessToken).GetClaim("sid").Value);

    /// <summary>Reads, a create and an operation: each a 401 problem, never 200 or 500.</summary>
    private static async Task AssertAllRefusedAsync(HttpClient client)
    {
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/projects"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/projects/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(
            await client.PostAsJsonAsync("/api/projects", new { name = "sneaky", prompt = "a to-do list" }), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await client.PostAsync($"/api/projects/{Guid.NewGuid()}/infrastructure", null), HttpStatusCode.Unauthorized);
    }
}

public sealed class SessionTestsOnSqlite(SqliteApp app) : SessionTests(app), IClassFixture<SqliteApp>;

public sealed class SessionTestsOnPostgres(PostgresApp app) : SessionTests(app), IClassFixture<PostgresApp>;
