using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.IntegrationTests.Api;

namespace PromptStack.IntegrationTests.Infrastructure;

public sealed record FleetProject(HttpClient Client, string Id);

/// <summary>Many projects of many users, requested at once and waited for together.</summary>
public static class StackFleet
{
    /// <summary>Creates <paramref name="count"/> projects, <paramref name="perUser"/> for each new user.</summary>
    public static async Task<List<FleetProject>> CreateAsync(PromptStackApp app, string name, int count, int perUser)
    {
        var projects = new List<FleetProject>();
        HttpClient? client = null;
        for (var i = 0; i < count; i++)
        {
            if (i % perUser == 0)
            {
                (client, _) = await app.NewUserAsync();
            }

            projects.Add(new FleetProject(client!, await ProjectTests.CreateAsync(client!, $"{name}-{i}")));
        }

        return projects;
    }

    /// <summary>Asks for every project's infrastructure (deploy) or its destruction, all requests at once.</summary>
    public static async Task RequestAsync(IEnumerable<FleetProject> projects, bool deploy)
    {
        var answers = await Task.WhenAll(projects.Select(p => deploy
            ? p.Client.PostAsync($"/api/projects/{p.Id}/infrastructure", null)
            : p.Client.DeleteAsync($"/api/projects/{p.Id}/infrastructure")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
    }

    /// <summary>Waits until every project's infrastructure has <paramref name="status"/>; fails with the first that failed.</summary>
    public static async Task WaitAsync(IReadOnlyList<FleetProject> projects, string status, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        foreach (var (client, id) in projects)
        {
            var left = (int)Math.Max(1, (timeout - watch.Elapsed).TotalSeconds);
            var project = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.Infra(p) is var s && (s == status || s == "failed"), left);
            if (ProjectWaits.Infra(project) != status)
            {
                Assert.Fail($"Project {id} is not {status}: {project} EVENTS {await client.GetStringAsync($"/api/projects/{id}/events")}");
            }
        }
    }

    /// <summary>Each project's current state and its events, as JSON text, for looking through.</summary>
    public static async Task<List<string>> HistoryAsync(IEnumerable<FleetProject> projects)
    {
        var history = new List<string>();
        foreach (var (client, id) in projects)
        {
            history.Add((await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetRawText());
            history.Add(await client.GetStringAsync($"/api/projects/{id}/events"));
        }

        return history;
    }
}
