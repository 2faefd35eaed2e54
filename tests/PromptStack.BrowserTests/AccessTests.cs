using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.Web.Infrastructure;

namespace PromptStack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AccessTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ProjectPage_AnotherUsersProject_IsNeitherListedNorOpened()
    {
        var owner = await fixture.ApiUserAsync(Ui.NewEmail("owner"));
        var name = "secret-" + Guid.NewGuid().ToString("N")[..6];
        var created = await owner.PostAsJsonAsync("api/projects", new { name, prompt = "a guestbook for my wedding" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var page = await fixture.NewPageAsync();
        await Ui.SignUpAsync(page, Ui.NewEmail("other"));
        await Assertions.Expect(page.GetByTestId("empty-state")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(name)).ToHaveCountAsync(0);

        await Ui.GotoAsync(page, $"/projects/{id}", "project");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Project not found" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync("No project with this id belongs to you.");
        await Assertions.Expect(page.GetByText(name)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Provision", Exact = true })).ToHaveCountAsync(0);
        await Ui.ScreenshotAsync(page, "access-other-users-project");
    }

    [Fact]
    public async Task AdminStats_NonAdmin_GetsNoStatistics()
    {
        var page = await fixture.NewPageAsync();
        await Ui.SignUpAsync(page, Ui.NewEmail("plain"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Statistics" })).ToHaveCountAsync(0);

        await Ui.GotoAsync(page, "/admin/stats", "admin-stats");
        await Assertions.Expect(page.GetByTestId("admins-only")).ToContainTextAsync("Admins only");
        await Assertions.Expect(page.GetByTestId("stats")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("users")).ToHaveCountAsync(0);
        await Ui.ScreenshotAsync(page, "admin-stats-non-admin");
    }

    [Fact]
    public async Task AdminStats_Admin_ShowsStatisticsWithCharts()
    {
        // Some finished work so that the numbers are not all zero.
        var user = await fixture.ApiUserAsync(Ui.NewEmail("busy"));
        var created = await user.PostAsJsonAsync("api/projects", new { name = "stats-" + Guid.NewGuid().ToString("N")[..6], prompt = "a poll \"Best pizza?\" with options margherita, pepperoni" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Accepted, (await user.PostAsync($"api/projects/{id}/infrastructure", null)).StatusCode);
        for (var i = 0; i < 300 && (await user.GetFromJsonAsync<JsonElement>($"api/projects/{id}")).GetProperty("infrastructure").GetProperty("status").GetString() != "deployed"; i++)
        {
            await Task.Delay(100);
        }

        // An operator makes the admin with the users command; the role arrives with the next sign-in.
        var admin = Ui.NewEmail("admin");
        await fixture.ApiUserAsync(admin);
        Assert.Equal(0, await UsersCommand.RunAsync(["users", "grant-admin", admin], fixture.App.Services, TextWriter.Null));
        var page = await fixture.NewPageAsync();
        await Ui.GotoAsync(page, "/signin", "signin");
        await Ui.SignInAsync(page, admin);
        await Ui.ReadyAsync(page, "projects");
        await page.GetByRole(AriaRole.Link, new() { Name = "Statistics" }).ClickAsync();
        await Ui.ReadyAsync(page, "admin-stats");
        await Assertions.Expect(page).ToHaveTitleAsync("Statistics · PromptStack");

        await Assertions.Expect(page.GetByTestId("stats")).ToBeVisibleAsync();
        Assert.True(int.Parse(await page.GetByTestId("users").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.True(int.Parse(await page.GetByTestId("projects-total").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Assertions.Expect(page.GetByTestId("estimated-cost")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$\d"));
        await Assertions.Expect(page.Locator(".operations tbody tr")).ToHaveCountAsync(4);
        var provision = page.Locator(".operations tr[data-operation='provision'] td");
        Assert.True(int.Parse(await provision.Nth(0).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Assertions.Expect(provision.Nth(2)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"%$"));
        await Assertions.Expect(provision.Nth(3)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d( ms| s|s)$"));
        await Assertions.Expect(page.GetByTestId("cleanup-success")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"%$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Projects by infrastructure status" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-chart svg").First).ToBeVisibleAsync();
        await Ui.ScreenshotAsync(page, "admin-stats-admin");
    }

    [Fact]
    public async Task NewProject_Refusals_AreShownAsTheApiWordsThem()
    {
        var page = await fixture.NewPageAsync();
        await Ui.SignUpAsync(page, Ui.NewEmail("refused"));
        await Ui.GotoAsync(page, "/projects/new", "new-project");
        var prompt = page.GetByRole(AriaRole.Textbox, new() { Name = "Prompt", Exact = true });

        await prompt.FillAsync("the weather");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync("No app can be made from this prompt");
        await Assertions.Expect(page.GetByTestId("blueprint")).ToHaveCountAsync(0);

        await prompt.FillAsync("a sticky notes board for team ideas");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("blueprint")).ToBeVisibleAsync();
        var name = "ideas-" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Project name", Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await Ui.ReadyAsync(page, "project");

        await Ui.GotoAsync(page, "/projects/new?prompt=" + Uri.EscapeDataString("a sticky notes board for team ideas"), "new-project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Project name", Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync("Project name taken");
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync($"You already have a project named '{name}'.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true })).ToBeEnabledAsync();
        await Ui.ScreenshotAsync(page, "new-project-name-taken");
    }

    [Fact]
    public async Task Pages_PhoneWidth_FitWithoutSidewaysScrolling()
    {
        var email = Ui.NewEmail("phone");
        var user = await fixture.ApiUserAsync(email);
        var created = await user.PostAsJsonAsync("api/projects", new { name = "phone-" + Guid.NewGuid().ToString("N")[..6], prompt = "an expense tracker with categories food, rent and travel" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await Ui.GotoAsync(page, "/signin", "signin");
        await Ui.SignInAsync(page, email);
        await Ui.ReadyAsync(page, "projects");
        await Assertions.Expect(page.Locator(".projects-table")).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await Ui.ScreenshotAsync(page, "phone-projects");

        await Ui.GotoAsync(page, $"/projects/{id}", "project");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Provision", Exact = true })).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await Ui.ScreenshotAsync(page, "phone-project");

        await Ui.GotoAsync(page, "/projects/new", "new-project");
        await AssertFitsAsync(page);
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the window");
    }
}
