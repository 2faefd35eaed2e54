using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptStack.Blueprints;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Api;

/// <summary>An app whose blueprint generator crashes, and which allows one browser origin.</summary>
public sealed class EdgeApp : SqliteApp
{
    public override IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["CORS_ORIGIN"] = "https://app.example.com",
        ["RATE_LIMIT_CREATE_PER_MINUTE"] = "3",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<IBlueprintGenerator, CrashingGenerator>()));
    }

    private sealed class CrashingGenerator : IBlueprintGenerator
    {
        public Task<BlueprintResult> GenerateAsync(string prompt, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret internal detail");
    }
}

public sealed class EdgeTests(EdgeApp app) : IClassFixture<EdgeApp>
{
    [Fact]
    public async Task UnhandledException_Returns500ProblemWithoutInternals()
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects/estimate", new { prompt = "a poll" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.DoesNotContain("secret internal detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("at PromptStack", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_Returns400Problem()
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsync("/api/projects/estimate", new StringContent("{\"prompt\":", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "Malformed request");
    }

    [Fact]
    public async Task OversizedBody_Returns413Problem()
    {
        var (client, _) = await app.NewUserAsync();

        var body = JsonSerializer.Serialize(new { prompt = new string('x', 70_000) });
        var response = await client.PostAsync("/api/projects/estimate", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Request body too large");
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        var response = await app.CreateClient().GetAsync("/api/nothing-here");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NonAdmin_GetsForbiddenOnAdminStats()
    {
        var (client, _) = await app.NewUserAsync();

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/admin/stats"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Health_LiveAndReady_AreHealthy()
    {
        var client = app.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task OpenApiAndDocs_AreServed()
    {
        var client = app.CreateClient();

        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/projects", out _));
        var docs = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("<html", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cors_AllowsConfiguredOriginOnly()
    {
        var client = app.CreateClient();

        var allowed = await PreflightAsync(client, "https://app.example.com");
        var refused = await PreflightAsync(client, "https://evil.example.com");

        Assert.Equal("https://app.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ProjectCreate_OverRateLimit_Returns429WithRetryAfter()
    {
        var (client, _) = await app.NewUserAsync();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await client.PostAsJsonAsync("/api/projects", new { name = $"rate-{i}", prompt = "a poll" });
            statuses.Add(response.StatusCode);
            limited = response;
        }

        // The crashing generator answers 500, but the fourth request never reaches it.
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        await ProblemAssert.IsProblemAsync(limited!, HttpStatusCode.TooManyRequests, "Too many requests");
        Assert.True(int.Parse(limited!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    private static Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/projects");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return client.SendAsync(request);
    }
}
