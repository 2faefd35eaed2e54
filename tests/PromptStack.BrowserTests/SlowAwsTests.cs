namespace PromptStack.BrowserTests;

/// <summary>An app whose API Gateway calls are paced to one every 8 seconds, so provisioning has a long silent step.</summary>
public sealed class SlowAwsFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public BrowserApp App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The HTTP API takes four API Gateway writes (API, integration, route, stage): about 30 s with no event between,
        // so the "waiting" chip (shown after 20 s of silence) stays up for about 10 s.
        App.Settings["AWS_PACE_APIGATEWAY_WRITE_PER_SECOND"] = "0.1";
        App.Start();
        playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(playwright);
    }

    public async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = App.BaseUrl, ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
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

/// <summary>Progress you can trust: a running operation's time ticks, and a long silent step says it is waiting for AWS.</summary>
public sealed class SlowAwsTests(SlowAwsFixture fixture) : IClassFixture<SlowAwsFixture>
{
    [Fact]
    public async Task ProvisionAndDeploy_SlowAws_ElapsedTicksAndWaitingShownOnDesktopAndPhone()
    {
        // One person watching the same project on a desktop and on a phone.
        var desktop = await fixture.NewPageAsync(1366, 900);
        var phone = await fixture.NewPageAsync(390, 844);
        var email = Ui.NewEmail("slow");
        await Ui.SignUpAsync(desktop, email);
        var id = await GuidedPathTests.CreateProjectAsync(fixture.App.BaseUrl, email, "slow-" + Guid.NewGuid().ToString("N")[..6], GuidedPathTests.ChartPrompt);
        await Ui.GotoAsync(phone, "/signin", "signin");
        await Ui.SignInAsync(phone, email);
        await Ui.ReadyAsync(phone, "projects");
        await Ui.GotoAsync(desktop, $"/projects/{id}", "project");
        await Ui.GotoAsync(phone, $"/projects/{id}", "project");

        await desktop.GetByTestId("stepper").GetByRole(AriaRole.Button, new() { Name = "Provision and deploy" }).ClickAsync();

        foreach (var page in new[] { desktop, phone })
        {
            await Assertions.Expect(GuidedPathTests.Step(page, "provision")).ToHaveAttributeAsync("data-state", "running");
            await Assertions.Expect(page.GetByTestId("running")).ToContainTextAsync("Provisioning the infrastructure…");
            await Assertions.Expect(page.GetByTestId("stepper")).ToContainTextAsync("deployed as soon as the infrastructure is up");
            var elapsed = page.GetByTestId("elapsed");
            await Assertions.Expect(elapsed).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+s$"));
            var first = await elapsed.TextContentAsync();
            await Assertions.Expect(elapsed).Not.ToHaveTextAsync(first!, new() { Timeout = 5_000 });
            await Assertions.Expect(page.GetByTestId("run-history").Locator("tr[data-kind='provision']")).ToHaveAttributeAsync("data-outcome", "running");
        }

        // Both pages at once: the chip is up only while the step is silent, and one page's screenshot must not use up the other's window.
        await Task.WhenAll(new[] { (desktop, "slow-waiting-desktop"), (phone, "slow-waiting-phone") }.Select(async p =>
        {
            await Assertions.Expect(p.Item1.GetByTestId("waiting-for-aws")).ToHaveTextAsync("Waiting for AWS (retrying)", new() { Timeout = 60_000 });
            await Ui.ScreenshotAsync(p.Item1, p.Item2);
        }));

        foreach (var page in new[] { desktop, phone })
        {
            await Assertions.Expect(GuidedPathTests.Step(page, "open")).ToHaveAttributeAsync("data-state", "current", new() { Timeout = 120_000 });
            await Assertions.Expect(page.GetByTestId("waiting-for-aws")).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("run-history").Locator("tr[data-outcome='succeeded']")).ToHaveCountAsync(2);
        }
    }
}
