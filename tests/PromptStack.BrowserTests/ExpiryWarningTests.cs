namespace PromptStack.BrowserTests;

/// <summary>An app whose stacks live 5 minutes (<c>RESOURCE_TIMEOUT_MINUTES</c>), so a fresh stack is already inside the 10-minute warning.</summary>
public sealed class ShortTimeoutFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public BrowserApp App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App.Settings["RESOURCE_TIMEOUT_MINUTES"] = "5";
        App.Settings["REAPER_INTERVAL_SECONDS"] = "2";
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
    }
}

/// <summary>The expiry warning at desktop and phone sizes: a banner with the time left and Extend, and the platform's warning event.</summary>
public sealed class ExpiryWarningTests(ShortTimeoutFixture fixture) : IClassFixture<ShortTimeoutFixture>
{
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task ProjectPage_CleanupWithinTenMinutes_WarnsWithExtendThatClearsTheBanner(int width, int height)
    {
        var email = Ui.NewEmail("expiry");
        using var user = new HttpClient { BaseAddress = new Uri(fixture.App.BaseUrl + "/") };
        var register = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(user, "api/auth/register", new { email, password = BrowserFixture.Password });
        register.EnsureSuccessStatusCode();
        var token = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(register.Content)).GetProperty("accessToken").GetString();
        user.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var id = await ApiSetup.CreateAsync(user);
        await ApiSetup.RunAsync(user, id, HttpMethod.Post, "infrastructure", "deployed");

        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.App.BaseUrl, ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await Ui.GotoAsync(page, "/signin", "signin");
        await Ui.SignInAsync(page, email);
        await Ui.ReadyAsync(page, "projects");
        await Ui.GotoAsync(page, $"/projects/{id}", "project");

        // The banner: when, what is lost, and Extend beside it, within the screen.
        var banner = page.GetByTestId("expiry-banner");
        await Assertions.Expect(banner).ToContainTextAsync("Automatic cleanup at");
        await Assertions.Expect(banner).ToContainTextAsync("the infrastructure destroyed, with the table's data");
        var extend = banner.GetByTestId("banner-extend");
        await Assertions.Expect(extend).ToBeInViewportAsync();
        Assert.True(await ApiSetup.SidewaysOverflowAsync(page) <= 0, "the project page scrolls sideways");

        // The platform's own warning, written by the reaper, in the event log.
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Infrastructure events" }))
            .ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Automatic cleanup in \d+ minutes?"), new() { Timeout = 30_000 });
        await Ui.ScreenshotAsync(page, $"expiry-banner-{width}");

        // Extend moves the cleanup past the warning: the banner goes.
        await extend.ClickAsync();
        await Assertions.Expect(banner).ToHaveCountAsync(0);
        await context.CloseAsync();
    }
}
