using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using PromptStack.IntegrationTests.Acceptance;

namespace PromptStack.BrowserTests;

/// <summary>The stub model, the app and a headless chromium, for this class alone.</summary>
public sealed class HostileBrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public StubModelServer Model { get; private set; } = null!;

    public BrowserApp App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await StubModelServer.StartAsync(new Dictionary<string, Func<string>> { [HostileBlueprint.Keyword] = HostileBlueprint.Answer });
        App.Settings["LLM_MODEL"] = "stub";
        App.Settings["LLM_ENDPOINT"] = Model.Endpoint;
        App.Settings["LLM_API_KEY"] = "x";
        App.Start();
        playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await App.DisposeAsync();
        await Model.DisposeAsync();
    }
}

/// <summary>
/// A model writes a page that steals what it can from whoever opens it; user A deploys it and sends user B a link.
/// B's session must stay B's and nothing of it may reach A.
/// </summary>
public sealed class HostileAppTests(HostileBrowserFixture fixture) : IClassFixture<HostileBrowserFixture>
{
    private string BaseUrl => fixture.App.BaseUrl;

    [Fact]
    public async Task HostilePage_OpenedByAnotherUser_StealsNothingOfTheirSession()
    {
        // A: the attacker, through the API.
        var attacker = await ApiUserAsync(Ui.NewEmail("attacker"));
        var created = await attacker.PostAsJsonAsync("api/projects", new { name = "probe-kit", prompt = $"a {HostileBlueprint.Keyword} for my team" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var project = await attacker.GetFromJsonAsync<JsonElement>($"api/projects/{id}");
        Assert.True(project.GetProperty("template").GetString() == HostileBlueprint.Template, $"The catalog answered instead of the model: {project}");
        Assert.Equal(HttpStatusCode.Accepted, (await attacker.PostAsync($"api/projects/{id}/infrastructure", null)).StatusCode);
        await UntilAsync(attacker, id, "infrastructure", "deployed");
        Assert.Equal(HttpStatusCode.Accepted, (await attacker.PostAsync($"api/projects/{id}/application", null)).StatusCode);
        await UntilAsync(attacker, id, "application", "deployed");

        // B: the victim, signed up in a browser of their own, with something in the platform's localStorage.
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var victimEmail = Ui.NewEmail("victim");
        await Ui.SignUpAsync(page, victimEmail);
        await page.EvaluateAsync("() => localStorage.setItem('victim-canary', 'victim-local-secret')");
        var session = Assert.Single(await context.CookiesAsync(), c => c.Name == "promptstack.session");
        Assert.True(session.HttpOnly);

        // A sends B a link to the app (a ticket A asked for); B opens it.
        var link = await TicketAsync(attacker, id);
        var hostile = await context.NewPageAsync();
        await hostile.GotoAsync(link.ToString());
        await Assertions.Expect(hostile.Locator("#title")).ToHaveTextAsync("Probe kit");
        // The page posts once its script runs; the handler starts a fresh Node process, slow on a busy machine.
        await Assertions.Expect(hostile.Locator("body")).ToHaveAttributeAsync("data-stolen", "200", new() { Timeout = 30_000 });
        var hostileOrigin = await hostile.EvaluateAsync<string>("() => location.origin");
        Assert.Equal($"http://{Guid.Parse(id):N}.preview.localhost:{fixture.App.Port}", hostileOrigin);
        Assert.NotEqual(new Uri(BaseUrl).GetLeftPart(UriPartial.Authority), hostileOrigin);
        Assert.NotEqual(await page.EvaluateAsync<string>("() => location.origin"), hostileOrigin);

        // B is still B on the platform.
        await Ui.GotoAsync(page, "/projects", "projects");
        await page.ReloadAsync();
        await Ui.ReadyAsync(page, "projects");
        await Assertions.Expect(page.GetByTestId("user-email")).ToHaveTextAsync(victimEmail);
        Assert.Equal(session.Value, Assert.Single(await context.CookiesAsync(), c => c.Name == "promptstack.session").Value);

        // A reads what the page stole: the page ran, but nothing of B's session is in it.
        var stolen = await StolenAsync(attacker, id);
        var loot = JsonDocument.Parse(stolen).RootElement.GetProperty("items");
        Assert.True(loot.GetArrayLength() > 0, stolen);
        Assert.DoesNotContain(session.Value, stolen, StringComparison.Ordinal);
        Assert.DoesNotContain(victimEmail, stolen, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("victim-local-secret", stolen, StringComparison.Ordinal);
        Assert.DoesNotContain("promptstack.session", stolen, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    private async Task<HttpClient> ApiUserAsync(string email)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        var response = await client.PostAsJsonAsync("api/auth/register", new { email, password = BrowserFixture.Password });
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", session.GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task<Uri> TicketAsync(HttpClient owner, string id)
    {
        var answer = await owner.PostAsync($"api/projects/{id}/preview-ticket", null);
        answer.EnsureSuccessStatusCode();
        return new Uri((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
    }

    /// <summary>What the handler stored, read by A through A's own preview (a ticket traded for the origin's cookie).</summary>
    private async Task<string> StolenAsync(HttpClient owner, string id)
    {
        var port = fixture.App.Port;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // *.preview.localhost is this machine, whatever the resolver thinks.
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler);
        var ticket = await TicketAsync(owner, id);
        var opened = await client.GetAsync(ticket);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var cookie = opened.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ticket, "/api/stolen"));
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    private static async Task UntilAsync(HttpClient client, string id, string part, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        JsonElement project;
        do
        {
            project = await client.GetFromJsonAsync<JsonElement>($"api/projects/{id}");
            var now = project.GetProperty(part).GetProperty("status").GetString();
            if (now == status)
            {
                return;
            }

            Assert.True(now != "failed", project.ToString());
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{part} did not reach {status}: {project}");
    }
}
