namespace PromptStack.BrowserTests;

/// <summary>
/// Defect 3 in the running chart app, at desktop and phone sizes (ChartTickTests checks the tick arithmetic under Node):
/// a value of 99,999,999 gets a rounded top tick above it, and no tick label runs into the rotated axis title.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChartAppTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task BarChart_HugeValue_TopTickIsRoundAndLabelsClearTheAxisTitle(int width, int height)
    {
        var email = Ui.NewEmail("ticks");
        var user = await fixture.ApiUserAsync(email);
        var id = await ApiSetup.CreateAsync(user, GuidedPathTests.ChartPrompt);
        await ApiSetup.RunAsync(user, id, HttpMethod.Post, "infrastructure", "deployed");
        await ApiSetup.RunAsync(user, id, HttpMethod.Post, "application", "deployed");
        var page = await ApiSetup.SignedInPageAsync(fixture, email, width, height);
        await Ui.GotoAsync(page, $"/projects/{id}", "project");
        var app = await Ui.OpenAppAsync(page, () => page.GetByTestId("stepper-open-app").ClickAsync());

        foreach (var (label, value) in new[] { ("Big", "99999999"), ("Small", "1072.5") })
        {
            await app.Locator("#add input[name=label]").FillAsync(label, new() { Timeout = 30_000 });
            await app.Locator("#add input[name=value]").FillAsync(value);
            await app.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
            await Assertions.Expect(app.Locator("#entries")).ToContainTextAsync(label, new() { Timeout = 30_000 });
        }

        // Tick labels are the right-anchored texts; the axis title is the rotated one.
        var ticks = app.Locator("#chart svg text[text-anchor=end]");
        await Assertions.Expect(ticks.Last).ToHaveTextAsync("100M", new() { Timeout = 30_000 });
        var labels = await ticks.AllTextContentsAsync();
        Assert.DoesNotContain(labels, l => l.Contains("9,999,999", StringComparison.Ordinal) || l.Contains('.', StringComparison.Ordinal));
        var titleRight = await app.Locator("#chart svg text[transform]").EvaluateAsync<double>("t => t.getBoundingClientRect().right");
        var labelsLeft = await ticks.EvaluateAllAsync<double>("ts => Math.min(...ts.map(t => t.getBoundingClientRect().left))");
        Assert.True(labelsLeft > titleRight, $"tick labels start at {labelsLeft}px, the axis title ends at {titleRight}px");
        await Ui.ScreenshotAsync(app, $"chart-huge-value-{width}");
        await app.CloseAsync();
    }
}
