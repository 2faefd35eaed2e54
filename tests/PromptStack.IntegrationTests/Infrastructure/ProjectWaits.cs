using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace PromptStack.IntegrationTests.Infrastructure;

public static class ProjectWaits
{
    /// <summary>Polls a project until <paramref name="done"/> holds; fails with the last state after the timeout.</summary>
    public static async Task<JsonElement> UntilAsync(HttpClient client, string id, Func<JsonElement, bool> done, int timeoutSeconds = 60)
    {
        var watch = Stopwatch.StartNew();
        JsonElement project;
        do
        {
            project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
            if (done(project))
            {
                return project;
            }

            await Task.Delay(50);
        }
        while (watch.Elapsed < TimeSpan.FromSeconds(timeoutSeconds));

        Assert.Fail($"Project {id} did not reach the expected state in {timeoutSeconds} s: {project}");
        return project;
    }

    public static string Infra(JsonElement p) => p.GetProperty("infrastructure").GetProperty("status").GetString()!;

    public static string App(JsonElement p) => p.GetProperty("application").GetProperty("status").GetString()!;

    public static Task<JsonElement> InfraAsync(HttpClient client, string id, string status, int timeoutSeconds = 60) =>
        UntilAsync(client, id, p => Infra(p) == status || (Infra(p) == "failed" && status != "failed"), timeoutSeconds);
}
