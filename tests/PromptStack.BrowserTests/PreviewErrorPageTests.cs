namespace PromptStack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PreviewErrorPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task PreviewLink_WithoutSession_ShowsAReadablePageWhoseLinkLeadsBackToPromptStack()
    {
        var project = Guid.NewGuid();
        var page = await fixture.NewPageAsync(390, 844);

        var answer = await page.GotoAsync($"http://{project:N}.preview.localhost:{fixture.App.Port}/");

        Assert.Equal(401, answer!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open this app from its project page" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Sign in to PromptStack")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("\"status\"");
        await Ui.ScreenshotAsync(page, "preview-error-no-session-phone");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the project in PromptStack" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(fixture.BaseUrl, StringComparison.Ordinal));
        await Ui.ReadyAsync(page, "signin");
        Assert.Contains(Uri.EscapeDataString($"/projects/{project}"), page.Url, StringComparison.OrdinalIgnoreCase);
    }
}
