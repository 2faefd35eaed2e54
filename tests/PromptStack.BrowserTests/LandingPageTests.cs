namespace PromptStack.BrowserTests;

/// <summary>
/// Defect 5's landing page in the running app, at desktop and phone sizes (NamedThingsTests checks the generated files for
/// 30 prompts): the hours and e-mail the prompt names are on the page, with no placeholder text, within the screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LandingPageTests(BrowserFixture fixture)
{
    private const string Prompt = "a landing page for my cafe with opening hours 7am-5pm and contact hello@cafe.example";

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task CafeLandingPage_Running_ShowsTheNamedHoursAndEmailAndNoPlaceholder(int width, int height)
    {
        var email = Ui.NewEmail("cafe");
        var user = await fixture.ApiUserAsync(email);
        var id = await ApiSetup.CreateAsync(user, Prompt);
        await ApiSetup.RunAsync(user, id, HttpMethod.Post, "infrastructure", "deployed");
        await ApiSetup.RunAsync(user, id, HttpMethod.Post, "application", "deployed");
        var page = await ApiSetup.SignedInPageAsync(fixture, email, width, height);
        await Ui.GotoAsync(page, $"/projects/{id}", "project");
        var app = await Ui.OpenAppAsync(page, () => page.GetByTestId("stepper-open-app").ClickAsync());

        var body = app.Locator("body");
        await Assertions.Expect(body).ToContainTextAsync("Opening Hours", new() { Timeout = 30_000 });
        await Assertions.Expect(body).ToContainTextAsync("7am-5pm");
        await Assertions.Expect(app.Locator("a[href='mailto:hello@cafe.example']").First).ToBeVisibleAsync();
        await Assertions.Expect(body).Not.ToContainTextAsync("Tell your visitors about");
        Assert.True(await ApiSetup.SidewaysOverflowAsync(app) <= 0, "the landing page scrolls sideways");
        await Ui.ScreenshotAsync(app, $"landing-cafe-{width}");
        await app.CloseAsync();
    }
}
