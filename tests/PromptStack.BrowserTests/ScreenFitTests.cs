using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace PromptStack.BrowserTests;

/// <summary>
/// Issue 10: what a user met at desktop (1366x900) and phone (390x844) sizes. Each page must fit the screen with no
/// sideways scroll, keep the money that matters in view, show the outputs that work, and write times in the viewer's zone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenFitTests(BrowserFixture fixture)
{
    private const string Zone = "Asia/Tokyo";

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task Estimate_AnyScreen_ShowsEveryCostAndTheTotalWithinTheScreen(int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        await Ui.SignUpAsync(page, Ui.NewEmail("est"));
        await Ui.GotoAsync(page, "/projects/new", "new-project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use example: a to-do list for household chores" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();

        var total = page.GetByTestId("cost-total");
        await Assertions.Expect(total).ToHaveTextAsync(new Regex(@"^\$\d{1,3}(,\d{3})*\.\d{2}$"));
        await total.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(total).ToBeInViewportAsync(new() { Ratio = 1 });
        foreach (var cost in await page.Locator(".cost-breakdown tbody td.num").AllAsync())
        {
            await cost.ScrollIntoViewIfNeededAsync();
            await Assertions.Expect(cost).ToBeInViewportAsync(new() { Ratio = 1 });
        }

        Assert.True(await ApiSetup.SidewaysOverflowAsync(page) <= 0, "the estimate page scrolls sideways");
        await Ui.ScreenshotAsync(page, $"fit-estimate-{width}");
    }

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task ProjectPage_Provisioned_FitsTheScreenWithWorkingOutputsLocalTimesAndReadableCosts(int width, int height)
    {
        var email = Ui.NewEmail("fit");
        var user = await fixture.ApiUserAsync(email);
        var id = await ApiSetup.CreateAsync(user);
        await ApiSetup.RunAsync(user, id, HttpMethod.Post, "infrastructure", "deployed");
        // Cleanup already near the 240-minute cap, so the next extension hits it.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await user.PostAsJsonAsync($"api/projects/{id}/extend", new { minutes = 180 })).StatusCode);
        var page = await ApiSetup.SignedInPageAsync(fixture, email, width, height, Zone);
        await Ui.GotoAsync(page, $"/projects/{id}", "project");
        await Assertions.Expect(page.Locator(".resources tbody tr")).ToHaveCountAsync(5);

        Assert.True(await ApiSetup.SidewaysOverflowAsync(page) <= 0, "the project page scrolls sideways");

        // Only the outputs that open something for the user, in their words; none of the emulator's own addresses.
        await Assertions.Expect(page.Locator(".outputs dt")).ToHaveTextAsync(["Your app", "Your app's API"]);
        await Assertions.Expect(page.Locator(".outputs")).Not.ToContainTextAsync("amazonaws.com");
        await Assertions.Expect(page.Locator(".outputs")).Not.ToContainTextAsync("emulator");
        await Assertions.Expect(page.GetByTestId("open-app-hint")).ToContainTextAsync("Open the running app");

        // Times in the browser's zone, the UTC moment in the tooltip.
        var created = page.Locator(".facts time.local-time").First;
        var at = DateTimeOffset.Parse((await created.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(Zone));
        await Assertions.Expect(created).ToHaveTextAsync(local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        await Assertions.Expect(created).ToHaveAttributeAsync("title", new Regex(Regex.Escape(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC")));

        // A young stack's accrued cost is a fraction of a cent: said as such, never "$0.000001".
        await Assertions.Expect(page.GetByTestId("accrued-cost")).ToHaveTextAsync(new Regex(@"^(< \$0\.01|\$\d{1,3}(,\d{3})*\.\d{2})$"));

        // The extension the cap cuts short says so, before (its label) and after (its message).
        await Assertions.Expect(page.GetByTestId("extend-cap")).ToContainTextAsync("at most 4 h from now");
        var extend = page.GetByTestId("extend");
        await Assertions.Expect(extend).ToHaveTextAsync("Extend (up to 4 h from now)");
        await extend.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync(new Regex("capped at 4 h from now|the most an extension allows"));

        if (width < 960)
        {
            // Resource rows are label/value cards here; the "ARN" label stays one line beside its long value.
            var arnLabel = await page.Locator(".resources td[data-label='ARN']").First.EvaluateAsync<double[]>(
                "td => { const s = getComputedStyle(td, '::before'); return [parseFloat(s.width), parseFloat(s.height), parseFloat(s.fontSize)]; }");
            Assert.True(arnLabel[0] >= arnLabel[2] * 1.5, $"ARN label is {arnLabel[0]}px wide");
            Assert.True(arnLabel[1] < arnLabel[2] * 2, $"ARN label is {arnLabel[1]}px high");
        }

        await Ui.ScreenshotAsync(page, $"fit-project-{width}");
    }

    [Fact]
    public async Task ProjectList_NineProjectsOnAPhone_IsCompactAndFits()
    {
        var email = Ui.NewEmail("list");
        var user = await fixture.ApiUserAsync(email);
        for (var i = 0; i < 9; i++)
        {
            await ApiSetup.CreateAsync(user);
        }

        var page = await ApiSetup.SignedInPageAsync(fixture, email, 390, 844);
        var rows = page.Locator(".projects-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(9);

        var list = await page.Locator(".projects-table tbody").BoundingBoxAsync();
        Assert.True(list!.Height <= 9 * 130, $"9 projects take {list.Height}px");
        Assert.True(await ApiSetup.SidewaysOverflowAsync(page) <= 0, "the projects page scrolls sideways");

        // Compact, yet each project keeps its link, both statuses and its labelled costs.
        var first = rows.First;
        await Assertions.Expect(first.GetByRole(AriaRole.Link)).ToBeVisibleAsync();
        await Assertions.Expect(first.Locator(".status-chip")).ToHaveCountAsync(2);
        await Assertions.Expect(first.Locator("td[data-label='Est. monthly']")).ToHaveTextAsync(new Regex(@"^\$\d+\.\d{2}$"));
        var labels = await first.Locator("td").EvaluateAllAsync<string[]>("tds => tds.map(td => getComputedStyle(td, '::before').content)");
        Assert.Contains("\"Est. \"", labels);
        Assert.Contains("\"Accrued \"", labels);
        Assert.Contains("\"Infra \"", labels);
        Assert.Contains("\"App \"", labels);
        await Ui.ScreenshotAsync(page, "fit-project-list-390");
    }
}
