namespace PromptStack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PreviewErrorPageTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task PreviewLink_WithoutSession_ShowsAReadablePageWhoseLinkLeadsBackToPromptStack(int width, int height)
    {
        var project = Guid.NewGuid();
        var page = await fixture.NewPageAsync(width, height);

        var answer = await page.GotoAsync($"http://{project:N}.preview.localhost:{fixture.App.Port}/");

        Assert.Equal(401, answer!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open this app from its project page" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Sign in to PromptStack")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("\"status\"");
        Assert.True(await ApiSetup.SidewaysOverflowAsync(page) <= 0, "the error page scrolls sideways");
        await Ui.ScreenshotAsync(page, $"preview-error-no-session-{width}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the project in PromptStack" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(fixture.BaseUrl, StringComparison.Ordinal));
        await Ui.ReadyAsync(page, "signin");
        Assert.Contains(Uri.EscapeDataString($"/projects/{project}"), page.Url, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A preview tab left open while the app is purged, then while the infrastructure is destroyed: each reload is a
    /// readable page saying what happened, not JSON, fitting the screen, with the way back to the project.
    /// </summary>
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task PreviewTab_AfterPurgeThenAfterDestroy_ShowsReadablePagesWithTheWayBack(int width, int height)
    {
        var email = Ui.NewEmail("gone");
        var user = await fixture.ApiUserAsync(email);
        var id = await ApiSetup.CreateAsync(user);
        await ApiSetup.RunAsync(user, id, HttpMethod.Post, "infrastructure", "deployed");
        await ApiSetup.RunAsync(user, id, HttpMethod.Post, "application", "deployed");
        var page = await ApiSetup.SignedInPageAsync(fixture, email, width, height);
        await Ui.GotoAsync(page, $"/projects/{id}", "project");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Application" }).ClickAsync();
        var app = await Ui.OpenAppAsync(page, () => page.GetByTestId("open-app").ClickAsync());

        await ApiSetup.RunAsync(user, id, HttpMethod.Delete, "application", "none");
        await ExpectErrorPageAsync(app, "This app is not deployed yet", $"preview-error-purged-{width}");

        await ApiSetup.RunAsync(user, id, HttpMethod.Delete, "infrastructure", "destroyed");
        await ExpectErrorPageAsync(app, "This app's infrastructure is not provisioned", $"preview-error-destroyed-{width}");

        await app.GetByRole(AriaRole.Link, new() { Name = "Back to the project in PromptStack" }).ClickAsync();
        await Ui.ReadyAsync(app, "project");
        Assert.EndsWith($"/projects/{id}", app.Url, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(app.GetByTestId("no-resources")).ToContainTextAsync("the infrastructure was destroyed");
        await Assertions.Expect(app.GetByTestId("no-resources")).ToContainTextAsync("its generated code are kept");
    }

    private static async Task ExpectErrorPageAsync(IPage app, string heading, string screenshot)
    {
        var answer = await app.ReloadAsync();
        Assert.Equal(404, answer!.Status);
        Assert.StartsWith("text/html", await answer.HeaderValueAsync("content-type"), StringComparison.Ordinal);
        await Assertions.Expect(app.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
        await Assertions.Expect(app.Locator("body")).Not.ToContainTextAsync("\"status\"");
        await Assertions.Expect(app.GetByRole(AriaRole.Link, new() { Name = "Back to the project in PromptStack" })).ToBeInViewportAsync();
        Assert.True(await ApiSetup.SidewaysOverflowAsync(app) <= 0, "the error page scrolls sideways");
        await Ui.ScreenshotAsync(app, screenshot);
    }
}
