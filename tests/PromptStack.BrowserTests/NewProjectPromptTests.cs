namespace PromptStack.BrowserTests;

/// <summary>The New project page at desktop and phone sizes: the name follows a re-estimate, a 422 offers working prompts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NewProjectPromptTests(BrowserFixture fixture)
{
    public static TheoryData<string, int, int> Screens => new() { { "desktop", 1366, 900 }, { "phone", 390, 844 } };

    private async Task<IPage> NewProjectPageAsync(string who, int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        await Ui.SignUpAsync(page, Ui.NewEmail(who));
        await Ui.GotoAsync(page, "/projects/new", "new-project");
        return page;
    }

    private static ILocator Prompt(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Prompt", Exact = true });

    private static ILocator Name(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Project name", Exact = true });

    private static async Task EstimateAsync(IPage page, string prompt, string template)
    {
        await Prompt(page).FillAsync(prompt);
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("blueprint")).ToContainTextAsync(template);
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task ReEstimate_AnotherPrompt_NameFollowsUntilTheUserEditsIt(string screen, int width, int height)
    {
        var page = await NewProjectPageAsync("rename", width, height);

        await EstimateAsync(page, "a bar chart of monthly sales", "chart-dashboard");
        await Assertions.Expect(Name(page)).ToHaveValueAsync("monthly-sales");

        // Another prompt: the suggested name is the new blueprint's, cut at a word boundary (not "...-offsit").
        await EstimateAsync(page, "a poll asking which day works best for the team offsite with options Monday, Friday", "poll");
        await Assertions.Expect(Name(page)).ToHaveValueAsync("which-day-works-best-for-the-team");
        await Ui.ScreenshotAsync(page, $"new-project-rename-{screen}");

        // A name the user typed is theirs: a re-estimate keeps it.
        await Name(page).FillAsync("lunch-plans");
        await EstimateAsync(page, "a to-do list", "todo-list");
        await Assertions.Expect(Name(page)).ToHaveValueAsync("lunch-plans");
    }

    /// <summary>The example prompts are long sentences: on a phone each chip wraps inside the screen instead of being cut at its right edge.</summary>
    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Examples_AnyScreen_EveryChipFitsWithinTheScreen(string screen, int width, int height)
    {
        var page = await NewProjectPageAsync("examples", width, height);

        var chips = page.Locator(".examples .mud-chip");
        Assert.True(await chips.CountAsync() >= 8, "fewer example chips than templates");
        var rights = await chips.EvaluateAllAsync<double[]>("cs => cs.map(c => c.getBoundingClientRect().right)");
        var overflowing = await chips.EvaluateAllAsync<string[]>(
            "cs => cs.filter(c => c.scrollWidth > c.clientWidth + 1 || c.querySelector('.mud-chip-content').scrollWidth > c.clientWidth + 1).map(c => c.textContent)");
        Assert.All(rights, right => Assert.True(right <= width, $"a chip ends at {right}px on a {width}px screen"));
        Assert.Empty(overflowing);
        Assert.True(await ApiSetup.SidewaysOverflowAsync(page) <= 0, "the New project page scrolls sideways");
        await Ui.ScreenshotAsync(page, $"new-project-examples-{screen}");

        // A wrapped chip still fills the prompt.
        await chips.Last.ClickAsync();
        await Assertions.Expect(Prompt(page)).Not.ToHaveValueAsync("");
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Estimate_UnfitPrompt_OffersOneClickableSuggestionPerTemplate(string screen, int width, int height)
    {
        var page = await NewProjectPageAsync("suggest", width, height);

        await Prompt(page).FillAsync("write me a poem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("problem")).ToHaveAttributeAsync("data-status", "422");
        var suggestions = page.GetByTestId("suggestions");
        await Assertions.Expect(suggestions.Locator("[data-template]")).ToHaveCountAsync(8);
        var poll = suggestions.Locator("[data-template='poll']");
        await poll.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(poll).ToBeInViewportAsync();
        await Ui.ScreenshotAsync(page, $"new-project-suggestions-{screen}");

        await poll.ClickAsync();
        await Assertions.Expect(Prompt(page)).ToHaveValueAsync("a poll \"Best pizza?\" with options margherita, pepperoni, hawaiian");
        await Assertions.Expect(page.GetByTestId("problem")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("blueprint")).ToContainTextAsync("poll");
        await Assertions.Expect(Name(page)).ToHaveValueAsync("best-pizza");
    }
}
