using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PromptStack.BrowserTests;

/// <summary>Projects put in a state through the HTTP API, for tests whose subject is how the UI shows that state.</summary>
public static class ApiSetup
{
    public static async Task<string> CreateAsync(HttpClient user, string prompt = "a to-do list for household chores")
    {
        var name = "p-" + Guid.NewGuid().ToString("N")[..8];
        var created = await user.PostAsJsonAsync("api/projects", new { name, prompt });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Starts an operation (POST or DELETE on infrastructure or application) and waits until that part shows <paramref name="status"/>.</summary>
    public static async Task RunAsync(HttpClient user, string id, HttpMethod method, string part, string status)
    {
        using var request = new HttpRequestMessage(method, $"api/projects/{id}/{part}");
        Assert.Equal(HttpStatusCode.Accepted, (await user.SendAsync(request)).StatusCode);
        var deadline = DateTime.UtcNow + Ui.OperationTimeout;
        string? now = null;
        while (DateTime.UtcNow < deadline)
        {
            now = (await user.GetFromJsonAsync<JsonElement>($"api/projects/{id}")).GetProperty(part).GetProperty("status").GetString();
            if (now == status)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{part} of {id} stayed {now}, expected {status}");
    }

    /// <summary>A browser page signed in as an account made through the API.</summary>
    public static async Task<IPage> SignedInPageAsync(BrowserFixture fixture, string email, int width, int height, string? timeZone = null)
    {
        var page = await fixture.NewPageAsync(width, height, timeZone);
        await Ui.GotoAsync(page, "/signin", "signin");
        await Ui.SignInAsync(page, email);
        await Ui.ReadyAsync(page, "projects");
        return page;
    }

    /// <summary>How far the page scrolls sideways (0 when it fits the viewport).</summary>
    public static Task<int> SidewaysOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
}
