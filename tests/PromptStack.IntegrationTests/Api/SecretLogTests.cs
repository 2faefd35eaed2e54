using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.IntegrationTests.Preview;
using PromptStack.Web.Features.Auth;

namespace PromptStack.IntegrationTests.Api;

/// <summary>A host that keeps every log line it writes, at the levels a default installation logs.</summary>
public sealed class LogCaptureApp : SandboxApp
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new CaptureProvider(Lines)));
    }

    private sealed class CaptureProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CaptureLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CaptureLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}

public sealed class SecretLogTests(LogCaptureApp app) : IClassFixture<LogCaptureApp>
{
    [Fact]
    public async Task Logs_AfterSignInsTicketsAndPreviews_HoldNoSecret()
    {
        var (client, session) = await app.NewUserAsync();
        var anonymous = app.CreateClient();
        var refreshed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = session.RefreshToken });
        var renewed = (await refreshed.Content.ReadFromJsonAsync<SessionDto>(Json.Options))!;
        var id = await app.DeployHandlerAsync(client, "export const handler = async (event) => ({ statusCode: 200, body: 'ok' });");
        var answer = await client.PostAsync($"/api/projects/{id}/preview-ticket", null);
        var url = new Uri((await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("url").GetString()!);
        var ticket = System.Web.HttpUtility.ParseQueryString(url.Query)["ticket"]!;
        var preview = app.PreviewOriginClient(url);
        Assert.Equal(HttpStatusCode.Redirect, (await preview.GetAsync(url.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await preview.GetAsync("/api/hello")).StatusCode);
        // A token in an address opens nothing, and is not written down either.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/me?access_token={renewed.AccessToken}")).StatusCode);
        await anonymous.PostAsJsonAsync("/api/auth/logout", new { refreshToken = renewed.RefreshToken });

        var log = string.Join('\n', app.Lines);
        // Every request has its line (method, path, status), without the query string.
        Assert.Contains(app.Lines, l => l.Contains("Path: /api/me", StringComparison.Ordinal) && l.Contains("StatusCode: 401", StringComparison.Ordinal));
        string[] secrets = [session.AccessToken, session.RefreshToken, renewed.AccessToken, renewed.RefreshToken, ticket,
            PromptStackApp.JwtSecret, "correct-horse-battery"];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, log, StringComparison.Ordinal));
    }
}
