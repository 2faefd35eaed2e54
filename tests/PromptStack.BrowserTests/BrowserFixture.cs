using System.Net.Http.Json;
using System.Text.Json;

namespace PromptStack.BrowserTests;

/// <summary>One app on Kestrel and one headless Debian chromium, shared by every browser test.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Password = "correct-horse-battery";

    private IPlaywright? playwright;

    public BrowserApp App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => App.BaseUrl;

    public async Task InitializeAsync()
    {
        // Assertions get the context's 15 s, not Playwright's 5 s: the app shares the machine with the other test assemblies.
        Assertions.SetDefaultExpectTimeout(15_000);
        App.Start();
        playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(playwright);
    }

    /// <summary>Debian's headless chromium (Playwright never downloads a browser here).</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });

    /// <summary>
    /// A fresh browser context (its own localStorage and cookies): one person in one browser, in the IANA
    /// <paramref name="timeZone"/> when given (the machine's otherwise).
    /// </summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900, string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Registers an account straight through the API (for setup that is not under test) and returns its client.</summary>
    public async Task<HttpClient> ApiUserAsync(string email)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        var response = await client.PostAsJsonAsync("api/auth/register", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", session.GetProperty("accessToken").GetString());
        return client;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
