using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using Xunit.Abstractions;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>Drift checks by two instances on one PostgreSQL database: the project lease lets only one of them check at a time.</summary>
public sealed class DriftMultiInstanceTests(SharedMoto moto, ITestOutputHelper output) : IClassFixture<SharedMoto>
{
    private const int ResyncSeconds = 3;

    [Fact]
    public async Task TwoInstances_FunctionDeletedOutOfBand_RepairedExactlyOnce()
    {
        await using var first = NewApp();
        await first.InitializeAsync();
        await using var second = NewApp();
        second.UseDatabaseOf(first);
        await second.InitializeAsync();

        var (client, _) = await first.NewUserAsync();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var id = await ProjectTests.CreateAsync(client, $"drift-scaled-{i}");
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
            ids.Add(id);
        }

        foreach (var id in ids)
        {
            Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed", timeoutSeconds: 180)));
        }

        var lambda = first.Services.GetRequiredService<AwsClientFactory>().CreateLambdaClient("test");
        foreach (var id in ids)
        {
            await lambda.DeleteFunctionAsync(Physical(await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}"), "lambda-function"));
        }

        // Both instances find every project due; each check must still happen once. Two more intervals after the
        // repairs give them every chance to collide or to repair twice.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var id in ids)
        {
            while (!(await RepairsAsync(client, id)).Any(m => m.StartsWith("Drift repaired: http-api", StringComparison.Ordinal)))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"project {id} not repaired: {string.Join(" | ", await RepairsAsync(client, id))}");
                await Task.Delay(200);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2 * ResyncSeconds));
        foreach (var id in ids)
        {
            var project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
            var repairs = await RepairsAsync(client, id);
            output.WriteLine($"{id}: {string.Join(" | ", repairs)}");
            Assert.Equal("deployed", ProjectWaits.Infra(project));
            Assert.Single(repairs, m => m.StartsWith("Drift repaired: lambda-function", StringComparison.Ordinal));
            Assert.Single(repairs, m => m.StartsWith("Drift repaired: http-api", StringComparison.Ordinal));
            Assert.Equal(2, repairs.Count);
        }
    }

    private static async Task<List<string>> RepairsAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events")).EnumerateArray()
            .Select(e => e.GetProperty("message").GetString()!).Where(m => m.StartsWith("Drift repaired: ", StringComparison.Ordinal)).ToList();

    private PostgresApp NewApp()
    {
        var app = new PostgresApp();
        app.Settings["AWS_ENDPOINT_URL"] = moto.Url;
        app.Settings["RESYNC_INTERVAL_SECONDS"] = ResyncSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return app;
    }

    private static string Physical(JsonElement project, string kind) =>
        project.GetProperty("infrastructure").GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == kind).GetProperty("physicalId").GetString()!;
}
