namespace PromptStack.BrowserTests;

/// <summary>
/// Defect 6 in Chromium at desktop and phone sizes: purge says what it keeps, and destroy with no app deployed still asks for
/// the project's name and says the table's data goes (with an app, GuidedPathTests covers the one purge-and-destroy dialog).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SafeDestroyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task PurgeThenDestroyWithNoApp_EachSaysWhatGoesAndWhatStays(int width, int height)
    {
        var email = Ui.NewEmail("safe");
        var user = await fixture.ApiUserAsync(email);
        var id = await ApiSetup.CreateAsync(user);
        await ApiSetup.RunAsync(user, id, HttpMethod.Post, "infrastructure", "deployed");
        await ApiSetup.RunAsync(user, id, HttpMethod.Post, "application", "deployed");
        var page = await ApiSetup.SignedInPageAsync(fixture, email, width, height);
        await Ui.GotoAsync(page, $"/projects/{id}", "project");
        var name = await page.Locator(".project-name").TextContentAsync();

        // Purge: says the table's data stays.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Application" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Purge", Exact = true }).ClickAsync();
        var purge = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(purge.GetByTestId("purge-kept")).ToContainTextAsync("the table's data");
        await Ui.ScreenshotAsync(page, $"safe-purge-{width}");
        await purge.GetByRole(AriaRole.Button, new() { Name = "Purge application" }).ClickAsync();
        await Ui.WaitForStatusAsync(page, "application", "none");

        // Destroy with no app: still the typed name, and the data it loses; no purge step.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Infrastructure" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Destroy", Exact = true }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Destroy the infrastructure of" });
        await Assertions.Expect(confirm.GetByTestId("destroy-lost")).ToContainTextAsync("all the data stored in it");
        await Assertions.Expect(confirm.GetByTestId("destroy-purges-app")).ToHaveCountAsync(0);
        var destroy = confirm.GetByRole(AriaRole.Button, new() { Name = "Destroy infrastructure" });
        await Assertions.Expect(destroy).ToBeDisabledAsync();
        await confirm.GetByRole(AriaRole.Textbox, new() { Name = $"Type {name} to confirm" }).FillAsync(name!);
        await Assertions.Expect(destroy).ToBeEnabledAsync();
        await destroy.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(destroy).ToBeInViewportAsync();
        await Ui.ScreenshotAsync(page, $"safe-destroy-{width}");
        await destroy.ClickAsync();
        await Ui.WaitForStatusAsync(page, "infrastructure", "destroyed");
        await Assertions.Expect(page.GetByTestId("no-resources")).ToContainTextAsync("the infrastructure was destroyed");
    }
}
