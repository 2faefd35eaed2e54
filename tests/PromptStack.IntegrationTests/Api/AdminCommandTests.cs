using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Infrastructure;

namespace PromptStack.IntegrationTests.Api;

/// <summary>Sets the retired ADMIN_EMAILS, to show that an address listed there gains nothing.</summary>
public sealed class AdminCommandSqliteApp : SqliteApp
{
    public AdminCommandSqliteApp() => Settings["ADMIN_EMAILS"] = AdminCommandTests.FormerAdminEmail;
}

public sealed class AdminCommandPostgresApp : PostgresApp
{
    public AdminCommandPostgresApp() => Settings["ADMIN_EMAILS"] = AdminCommandTests.FormerAdminEmail;
}

/// <summary><c>users grant-admin</c> / <c>users revoke-admin</c>, run in-process against the app's database.</summary>
public abstract class AdminCommandTests(PromptStackApp app)
{
    public const string FormerAdminEmail = "boss@example.com";
    private const string Password = "correct-horse-battery";

    [Fact]
    public async Task Register_AddressListedInFormerAdminEmails_GetsUserRole()
    {
        var (client, session) = await app.NewUserAsync(FormerAdminEmail);

        Assert.Equal("user", session.User.Role);
        Assert.Equal("user", (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/stats")).StatusCode);
    }

    [Fact]
    public async Task GrantAdmin_ThenSignInAgain_MeSaysAdminAndStatsAnswer()
    {
        var (_, session) = await app.NewUserAsync();
        var output = new StringWriter();

        // Any case and surrounding spaces: registration stored the address trimmed and lower-cased.
        var exit = await app.RunUsersCommandAsync("grant-admin", $" {session.User.Email.ToUpperInvariant()} ", output);

        Assert.Equal(0, exit);
        Assert.Equal($"{session.User.Email} is now an admin.", output.ToString().Trim());
        var (client, again) = await SignInAsync(session.User.Email);
        Assert.Equal("admin", again.User.Role);
        Assert.Equal("admin", (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/stats")).StatusCode);
    }

    [Fact]
    public async Task RevokeAdmin_ThenSignInAgain_RoleIsGone()
    {
        var (_, session) = await app.NewUserAsync();
        Assert.Equal(0, await app.RunUsersCommandAsync("grant-admin", session.User.Email));
        var output = new StringWriter();

        var exit = await app.RunUsersCommandAsync("revoke-admin", session.User.Email, output);

        Assert.Equal(0, exit);
        Assert.Equal($"{session.User.Email} is no longer an admin.", output.ToString().Trim());
        var (client, again) = await SignInAsync(session.User.Email);
        Assert.Equal("user", again.User.Role);
        Assert.Equal("user", (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/stats")).StatusCode);
    }

    [Theory]
    [InlineData("grant-admin")]
    [InlineData("revoke-admin")]
    public async Task UsersCommand_UnknownEmail_Exits1(string verb)
    {
        var output = new StringWriter();

        var exit = await app.RunUsersCommandAsync(verb, "nobody@example.com", output);

        Assert.Equal(1, exit);
        Assert.Equal("No account with the e-mail nobody@example.com.", output.ToString().Trim());
    }

    [Theory]
    [InlineData("users")]
    [InlineData("users grant-admin")]
    [InlineData("users make-admin a@example.com")]
    [InlineData("users grant-admin a@example.com extra")]
    public async Task UsersCommand_BadArguments_Exits2WithUsage(string commandLine)
    {
        var output = new StringWriter();

        var exit = await UsersCommand.RunAsync(commandLine.Split(' '), app.Services, output);

        Assert.Equal(2, exit);
        Assert.Equal(UsersCommand.Usage, output.ToString().Trim());
    }

    private async Task<(HttpClient Client, SessionDto Session)> SignInAsync(string email)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        var session = (await response.Content.ReadFromJsonAsync<SessionDto>(Json.Options))!;
        return (app.Authorized(session.AccessToken), session);
    }
}

public sealed class AdminCommandTestsOnSqlite(AdminCommandSqliteApp app) : AdminCommandTests(app), IClassFixture<AdminCommandSqliteApp>;

public sealed class AdminCommandTestsOnPostgres(AdminCommandPostgresApp app) : AdminCommandTests(app), IClassFixture<AdminCommandPostgresApp>;
