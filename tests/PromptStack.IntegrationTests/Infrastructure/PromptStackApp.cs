using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Infrastructure;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>A fresh PromptStack host with its own database, shared by the tests of one class.</summary>
public abstract class PromptStackApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string JwtSecret = "integration-tests-secret-that-is-long-enough-0123456789";

    private string dataDirectory = Path.Combine(Path.GetTempPath(), "promptstack-tests", Guid.NewGuid().ToString("N"));
    private bool ownsDataDirectory = true;

    /// <summary>
    /// Uses another app's data directory (and so its SQLite database), as a restarted server would;
    /// this app then owns the directory and removes it when disposed.
    /// </summary>
    public void UseDataDirectoryOf(PromptStackApp other)
    {
        dataDirectory = other.dataDirectory;
        other.ownsDataDirectory = false;
    }

    /// <summary>DATA_DIR of this app: its SQLite file lives there (unless it runs on PostgreSQL).</summary>
    public string DataDirectory => dataDirectory;

    /// <summary>Set to control time (TTL, accrued cost); null keeps the system clock.</summary>
    public FakeTimeProvider? Clock { get; protected init; }

    /// <summary>Extra settings (environment-style keys); change them before the first client is created.</summary>
    public virtual IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public abstract string DatabaseName { get; }

    /// <summary>Every status the API answered in this app's tests; checked against the OpenAPI document on dispose.</summary>
    public ApiStatusRecorder ApiStatuses { get; } = new();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public new virtual async Task DisposeAsync()
    {
        var undocumented = await UndocumentedStatusesAsync();
        await base.DisposeAsync();
        DeleteDataDirectory();
        Assert.True(undocumented.Count == 0, "The API answered statuses its OpenAPI document does not list:\n" + string.Join("\n", undocumented));
    }

    private async Task<IReadOnlyList<string>> UndocumentedStatusesAsync()
    {
        // An app that answered nothing has nothing to check (and may never have started).
        if (ApiStatuses.IsEmpty)
        {
            return [];
        }

        var document = await CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json");
        return ApiStatuses.Undocumented(document);
    }

    private void DeleteDataDirectory()
    {
        if (!ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureServices(s => s.AddSingleton(ApiStatuses.StartupFilter));
        builder.UseSetting("DATA_DIR", dataDirectory);
        builder.UseSetting("JWT_SECRET", JwtSecret);
        builder.UseSetting("RATE_LIMIT_AUTH_PER_MINUTE", "1000");
        builder.UseSetting("RATE_LIMIT_CREATE_PER_MINUTE", "1000");
        builder.UseSetting("RATE_LIMIT_OPERATIONS_PER_MINUTE", "1000");
        builder.UseSetting("RECONCILER_POLL_MS", "200");
        builder.UseSetting("SWEEPER_INTERVAL_SECONDS", "0");

        // One npm install of the preview's AWS SDK packages serves every test app.
        builder.UseSetting("PREVIEW_DIR", Path.Combine(Path.GetTempPath(), "promptstack-tests-preview"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (Clock is not null)
        {
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        }
    }

    /// <summary>Registers a new user with a unique e-mail and returns a client that sends its access token.</summary>
    public async Task<(HttpClient Client, SessionDto Session)> NewUserAsync(string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        var anonymous = CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = "correct-horse-battery" });
        response.EnsureSuccessStatusCode();
        var session = (await response.Content.ReadFromJsonAsync<SessionDto>(Json.Options))!;
        return (Authorized(session.AccessToken), session);
    }

    /// <summary>
    /// A client signed in as admin@example.com, registering it on first use and granting it the
    /// role the way an operator does: through the <c>users grant-admin</c> command.
    /// </summary>
    public async Task<HttpClient> AdminAsync()
    {
        const string email = "admin@example.com";
        var anonymous = CreateClient();
        var credentials = new { email, password = "correct-horse-battery" };
        var registered = await anonymous.PostAsJsonAsync("/api/auth/register", credentials);
        if (registered.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            registered.EnsureSuccessStatusCode();
        }

        Assert.Equal(0, await RunUsersCommandAsync("grant-admin", email));

        // The role travels in the access token, so sign in again after the grant.
        var response = await anonymous.PostAsJsonAsync("/api/auth/login", credentials);
        response.EnsureSuccessStatusCode();
        var session = (await response.Content.ReadFromJsonAsync<SessionDto>(Json.Options))!;
        return Authorized(session.AccessToken);
    }

    /// <summary>Runs <c>users VERB EMAIL</c> in-process against this app's database; returns the exit code.</summary>
    public async Task<int> RunUsersCommandAsync(string verb, string email, TextWriter? output = null) =>
        await UsersCommand.RunAsync(["users", verb, email], Services, output ?? TextWriter.Null);

    /// <summary>
    /// Opens a deployed project's app as a browser would: asks the platform for a one-time ticket with
    /// <paramref name="owner"/>'s token, then visits the app's own origin with it. The returned client
    /// talks to that origin and holds its cookie (and nothing of the platform's).
    /// </summary>
    public async Task<HttpClient> PreviewClientAsync(HttpClient owner, string projectId)
    {
        var answer = await owner.PostAsync($"/api/projects/{projectId}/preview-ticket", null);
        answer.EnsureSuccessStatusCode();
        var url = new Uri((await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("url").GetString()!);
        var browser = PreviewOriginClient(url);
        var opened = await browser.GetAsync(url.PathAndQuery);
        if (opened.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The preview origin answered the ticket with {(int)opened.StatusCode}, not a redirect.");
        }

        return browser;
    }

    /// <summary>A cookie-keeping client for the origin of <paramref name="url"/> (a project's preview origin).</summary>
    public HttpClient PreviewOriginClient(Uri url) =>
        CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(url.GetLeftPart(UriPartial.Authority)), HandleCookies = true, AllowAutoRedirect = false,
        });

    public HttpClient Authorized(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
