namespace PromptStack.BrowserTests;

/// <summary>
/// Limits before work, in Chromium at desktop and phone sizes (the component tests check the wording and arithmetic): the
/// New project page shows the quota and the per-project cap before Create, and a full quota disables Create with the reason.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LimitsBeforeWorkTests(BrowserFixture fixture)
{
    public static TheoryData<string, int, int> Screens => new() { { "desktop", 1366, 900 }, { "phone", 390, 844 } };

    private static ILocator Create(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true });

    private static async Task EstimateAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Use example: a to-do list for household chores" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("blueprint")).ToContainTextAsync("todo-list");
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task NewProject_RoomLeft_ShowsQuotaAndCapBeforeCreate(string screen, int width, int height)
    {
        var email = Ui.NewEmail("room");
        var user = await fixture.ApiUserAsync(email);
        await ApiSetup.CreateAsync(user);
        var page = await ApiSetup.SignedInPageAsync(fixture, email, width, height);
        await Ui.GotoAsync(page, "/projects/new", "new-project");

        // Before any estimate: how many projects and how much of the monthly budget are used, and the per-project cap.
        await Assertions.Expect(page.GetByTestId("quota-projects")).ToContainTextAsync("1 of 10");
        await Assertions.Expect(page.GetByTestId("quota-cost")).ToContainTextAsync("of $100.00");
        await Assertions.Expect(page.Locator(".quota")).ToContainTextAsync("A project may cost at most");

        await EstimateAsync(page);
        var limits = page.GetByTestId("create-limits");
        await limits.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(limits).ToBeInViewportAsync();
        await Assertions.Expect(limits).ToContainTextAsync("a project may cost");
        await Assertions.Expect(limits).ToContainTextAsync("your projects: 2 of 10");
        await Assertions.Expect(Create(page)).ToBeEnabledAsync();
        Assert.True(await ApiSetup.SidewaysOverflowAsync(page) <= 0, "the New project page scrolls sideways");
        await Ui.ScreenshotAsync(page, $"limits-room-{screen}");
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task NewProject_QuotaFull_SaysSoBeforeWorkAndDisablesCreate(string screen, int width, int height)
    {
        var email = Ui.NewEmail("full");
        var user = await fixture.ApiUserAsync(email);
        for (var i = 0; i < 10; i++)
        {
            await ApiSetup.CreateAsync(user);
        }

        var page = await ApiSetup.SignedInPageAsync(fixture, email, width, height);
        await Ui.GotoAsync(page, "/projects/new", "new-project");

        await Assertions.Expect(page.GetByTestId("quota-full")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("quota-projects")).ToContainTextAsync("10 of 10");
        await EstimateAsync(page);
        await Assertions.Expect(Create(page)).ToBeDisabledAsync();
        var blocked = page.GetByTestId("create-blocked");
        await blocked.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(blocked).ToContainTextAsync("Project limit reached.");
        await Assertions.Expect(blocked).ToBeInViewportAsync();
        Assert.True(await ApiSetup.SidewaysOverflowAsync(page) <= 0, "the New project page scrolls sideways");
        await Ui.ScreenshotAsync(page, $"limits-full-{screen}");
    }
}
