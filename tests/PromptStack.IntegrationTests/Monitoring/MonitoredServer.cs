using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;

namespace PromptStack.IntegrationTests.Monitoring;

/// <summary>
/// The built server as its own process with METRICS_URLS on a free port and its own moto, after one project was
/// provisioned and deployed through the API, and a second provisioned, its table deleted behind the platform's back,
/// then destroyed: the state a scrape is checked against, shared by the class's tests.
/// </summary>
public sealed class MonitoredServer : IAsyncLifetime
{
    private MotoServer moto = null!;

    public ServerProcess Server { get; private set; } = null!;

    public string MetricsUrl { get; private set; } = "";

    /// <summary>A scrape taken once the deploy has finished.</summary>
    public string Scrape { get; private set; } = "";

    public async Task InitializeAsync()
    {
        moto = await MotoServer.StartAsync();
        MetricsUrl = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        Server = await ServerProcess.StartAsync("monitored", new Dictionary<string, string>
        {
            ["METRICS_URLS"] = MetricsUrl,
            ["JWT_SECRET"] = PromptStackApp.JwtSecret,
            ["AWS_ENDPOINT_URL"] = moto.Url,
            ["RECONCILER_POLL_MS"] = "200",
            ["SWEEPER_INTERVAL_SECONDS"] = "0",
            ["PREVIEW_DIR"] = Path.Combine(Path.GetTempPath(), "promptstack-tests-preview"),
        });

        using var anonymous = Server.Client();
        var registered = await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "metrics@example.com", password = "correct-horse-battery" });
        registered.EnsureSuccessStatusCode();
        var token = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        using var client = Server.Client(token);
        var id = await ProjectTests.CreateAsync(client, "watched");
        var gone = await ProjectTests.CreateAsync(client, "gone");
        (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).EnsureSuccessStatusCode();
        (await client.PostAsync($"/api/projects/{gone}/infrastructure", null)).EnsureSuccessStatusCode();
        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed")));
        (await client.PostAsync($"/api/projects/{id}/application", null)).EnsureSuccessStatusCode();
        var project = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) is "deployed" or "failed");
        Assert.True(ProjectWaits.App(project) == "deployed", project.ToString());

        // A table deleted out of band: destroying its stack finds it gone (DeleteTable answers not found), which is no error.
        var doomed = await ProjectWaits.InfraAsync(client, gone, "deployed");
        var table = doomed.GetProperty("infrastructure").GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == "dynamodb-table").GetProperty("physicalId").GetString()!;
        using (var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig { ServiceURL = moto.Url }))
        {
            await dynamo.DeleteTableAsync(table);
        }

        (await client.DeleteAsync($"/api/projects/{gone}/infrastructure")).EnsureSuccessStatusCode();
        Assert.Equal("destroyed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, gone, "destroyed")));

        Scrape = await ScrapeAsync("/metrics");
    }

    public async Task<string> ScrapeAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var response = await http.GetAsync(MetricsUrl + path);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}:\n{Server.Output}");
        return await response.Content.ReadAsStringAsync();
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (moto is not null)
        {
            await moto.DisposeAsync();
        }
    }
}
