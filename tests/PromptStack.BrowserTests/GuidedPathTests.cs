using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptStack.BrowserTests;

/// <summary>
/// The path from a signed-out visitor to a running app, at desktop and phone sizes: the home page with its picture,
/// the project stepper with one "Provision and deploy", the "Next: deploy" prompt, Open app in the list, the run
/// history, no stale toast, the "Your app" output opening the app, and one destroy dialog that purges the app first.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GuidedPathTests(BrowserFixture fixture)
{
    public const string ChartPrompt = "a bar chart of monthly sales I can add entries to";

    public static TheoryData<int, int> Viewports => new() { { 1366, 900 }, { 390, 844 } };

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task Home_SignedOut_SaysWhatItDoesWithAPictureBesideAccountLinks(int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        await Ui.GotoAsync(page, "/", "home");

        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("^PromptStack"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("From a sentence to a running app on AWS");
        var steps = page.Locator(".home-steps li strong");
        await Assertions.Expect(steps).ToHaveTextAsync(["Prompt", "Estimate", "Provision", "Deploy", "Open"]);
        await Assertions.Expect(page.GetByTestId("home-cleanup")).ToContainTextAsync("cleaned up automatically 60 minutes after provisioning");
        await Assertions.Expect(page.GetByText("At most 10 projects")).ToBeVisibleAsync();

        // The picture is a real image that loaded, shown at a readable size within the viewport.
        var picture = page.GetByTestId("home-picture");
        await Assertions.Expect(picture).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=home-picture]'); return i.complete && i.naturalWidth > 300; }");
        var box = (await picture.BoundingBoxAsync())!;
        Assert.InRange(box.Width, 250, width);
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        using var png = await http.GetAsync("/home-chart-app.png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.InRange((await png.Content.ReadAsByteArrayAsync()).Length, 5_000, 150_000);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The home page scrolls sideways.");
        await Ui.ScreenshotAsync(page, $"home-{width}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up free" }).ClickAsync();
        await Ui.ReadyAsync(page, "signup");
    }

    [Fact]
    public async Task Home_SignedIn_GoesToProjects()
    {
        var page = await fixture.NewPageAsync();
        await Ui.SignUpAsync(page, Ui.NewEmail("home"));

        await page.GotoAsync("/");

        await Ui.ReadyAsync(page, "projects");
        Assert.EndsWith("/projects", page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task ProvisionAndDeploy_OneClick_StepperReachesOpenAppAndListOpensIt(int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        var email = Ui.NewEmail("guided");
        await Ui.SignUpAsync(page, email);
        var id = await CreateAsync(email, "sales-" + Guid.NewGuid().ToString("N")[..6]);
        await Ui.GotoAsync(page, $"/projects/{id}", "project");

        var stepper = page.GetByTestId("stepper");
        await Assertions.Expect(Step(page, "estimate")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(Step(page, "create")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(Step(page, "provision")).ToHaveAttributeAsync("data-state", "current");
        await Assertions.Expect(page.GetByTestId("run-history")).ToContainTextAsync("Nothing has run on this project yet.");
        await stepper.GetByRole(AriaRole.Button, new() { Name = "Provision and deploy" }).ClickAsync();

        // One click: the server provisions, then deploys, and the stepper follows to Open.
        await Assertions.Expect(Step(page, "open")).ToHaveAttributeAsync("data-state", "current", new() { Timeout = (float)Ui.OperationTimeout.TotalMilliseconds });
        await Assertions.Expect(Step(page, "provision")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(Step(page, "deploy")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(Ui.Chip(page, "application")).ToHaveAttributeAsync("data-status", "deployed");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);

        // The run history: the one request shows as a provision and a deploy, each with its outcome and duration.
        var history = page.GetByTestId("run-history");
        await Assertions.Expect(history.Locator("tr[data-kind='provision'][data-outcome='succeeded']")).ToHaveCountAsync(1);
        await Assertions.Expect(history.Locator("tr[data-kind='deploy'][data-outcome='succeeded']")).ToHaveCountAsync(1);
        await Assertions.Expect(history.Locator("tr[data-kind='deploy'] td[data-label='Duration']")).ToHaveTextAsync(new Regex(@"^(\d+m )?\d+s$"));
        await SaveReadmePictureAsync(page, width > 1000 ? "desktop" : "phone");
        await history.ScrollIntoViewIfNeededAsync();
        await Ui.ScreenshotAsync(page, $"guided-deployed-{width}");

        // The Infrastructure tab's "Your app" link opens the app as "Open app" does, with a one-time ticket: this browser has
        // never been let in before, so a bare link would land on the "Open this app from its project page" error page.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Infrastructure" }).ClickAsync();
        var fromOutput = await Ui.OpenAppAsync(page, () => page.Locator("[data-output='siteUrl'] a").ClickAsync());
        Assert.StartsWith($"http://{Guid.Parse(id):N}.preview.localhost:", fromOutput.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("ticket", fromOutput.Url, StringComparison.Ordinal);
        await Assertions.Expect(fromOutput.Locator("#add input[name=label]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await fromOutput.CloseAsync();

        var app = await Ui.OpenAppAsync(page, () => stepper.GetByRole(AriaRole.Button, new() { Name = "Open app (opens in a new tab)" }).ClickAsync());
        Assert.StartsWith($"http://{Guid.Parse(id):N}.preview.localhost:", app.Url, StringComparison.Ordinal);
        if (width > 1000)
        {
            await SavePictureAsync(app);
        }

        await app.CloseAsync();

        // The list opens it too.
        await page.GetByRole(AriaRole.Link, new() { Name = "Projects" }).First.ClickAsync();
        await Ui.ReadyAsync(page, "projects");
        var open = page.GetByTestId("list-open-app");
        await Assertions.Expect(open).ToHaveCountAsync(1);
        var fromList = await Ui.OpenAppAsync(page, () => open.ClickAsync());
        Assert.StartsWith($"http://{Guid.Parse(id):N}.preview.localhost:", fromList.Url, StringComparison.Ordinal);
        await Ui.ScreenshotAsync(page, $"guided-list-{width}");
    }

    [Theory]
    [MemberData(nameof(Viewports))]
    public async Task ProvisionThenNextDeploy_DeployFinishes_NoStaleToastAndOneDestroyDialogThatPurgesFirst(int width, int height)
    {
        var page = await fixture.NewPageAsync(width, height);
        var email = Ui.NewEmail("next");
        await Ui.SignUpAsync(page, email);
        var name = "chores-" + Guid.NewGuid().ToString("N")[..6];
        var id = await CreateAsync(email, name, "a to-do list for household chores");
        await Ui.GotoAsync(page, $"/projects/{id}", "project");

        await page.GetByRole(AriaRole.Button, new() { Name = "Provision", Exact = true }).ClickAsync();
        await Ui.WaitForStatusAsync(page, "infrastructure", "deployed");
        var next = page.GetByTestId("next-deploy");
        await Assertions.Expect(next).ToContainTextAsync("Next: deploy.");
        await Assertions.Expect(Step(page, "deploy")).ToHaveAttributeAsync("data-state", "current");
        await next.GetByRole(AriaRole.Button, new() { Name = "Deploy now" }).ClickAsync();
        await Assertions.Expect(Step(page, "open")).ToHaveAttributeAsync("data-state", "current", new() { Timeout = (float)Ui.OperationTimeout.TotalMilliseconds });

        // The deploy has finished: no "Deploy started." may pop up now, nor later over the event log.
        await page.WaitForTimeoutAsync(1500);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Deploy started.")).ToHaveCountAsync(0);
        var history = page.GetByTestId("run-history");
        await Assertions.Expect(history.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(history.Locator("tbody tr").First).ToHaveAttributeAsync("data-kind", "deploy");

        // Destroy with the app deployed: one dialog, in the user's words (no API routes), says the app is purged first;
        // confirming it purges and destroys with no second dialog.
        await page.GetByRole(AriaRole.Button, new() { Name = "Destroy", Exact = true }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Destroy the infrastructure of" });
        await Assertions.Expect(confirm.GetByTestId("destroy-purges-app")).ToContainTextAsync("it is purged first");
        await Assertions.Expect(confirm).Not.ToContainTextAsync("DELETE");
        await Assertions.Expect(confirm).Not.ToContainTextAsync("/application");
        await confirm.GetByRole(AriaRole.Textbox, new() { Name = $"Type {name} to confirm" }).FillAsync(name);
        await Ui.ScreenshotAsync(page, $"guided-destroy-with-app-{width}");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Purge app and destroy" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Ui.WaitForStatusAsync(page, "infrastructure", "destroyed");
        await Assertions.Expect(Ui.Chip(page, "application")).ToHaveAttributeAsync("data-status", "none");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    /// <summary>
    /// The README's pictures of the guided path: the project page's top, stepper at "Open app", at one screen size.
    /// UPDATE_README_SCREENSHOT=1 writes them into docs/; otherwise they go with the run's screenshots, leaving the work tree
    /// as it was. The viewport only (not the full page) keeps each PNG small.
    /// </summary>
    private static async Task SaveReadmePictureAsync(IPage page, string screen)
    {
        await page.EvaluateAsync("() => { window.scrollTo(0, 0); document.activeElement?.blur(); }");
        await page.Mouse.MoveAsync(0, 0);
        var path = Environment.GetEnvironmentVariable("UPDATE_README_SCREENSHOT") == "1"
            ? Path.Combine(Ui.RepositoryRoot(), "docs", $"screenshot-guided-{screen}.png")
            : Path.Combine(Ui.ScreenshotDirectory, $"screenshot-guided-{screen}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
    }

    public static ILocator Step(IPage page, string step) => page.Locator($"[data-testid=stepper] [data-step='{step}']");

    private Task<string> CreateAsync(string email, string name, string prompt = ChartPrompt) => CreateProjectAsync(fixture.BaseUrl, email, name, prompt);

    /// <summary>Creates a project for a user who signed up in the browser (setup, not under test: the New project page has tests of its own).</summary>
    public static async Task<string> CreateProjectAsync(string baseUrl, string email, string name, string prompt)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
        var login = await client.PostAsJsonAsync("api/auth/login", new { email, password = BrowserFixture.Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var created = await client.PostAsJsonAsync("api/projects", new { name, prompt });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// The home page's picture is this running chart app with a few entries. UPDATE_HOME_SCREENSHOT=1 writes it into
    /// wwwroot; otherwise it goes with the run's screenshots, leaving the work tree as it was.
    /// </summary>
    private static async Task SavePictureAsync(IPage app)
    {
        await app.SetViewportSizeAsync(800, 680);
        foreach (var (month, sales) in new[] { ("Jan", "120"), ("Feb", "180"), ("Mar", "150"), ("Apr", "240"), ("May", "210") })
        {
            await app.Locator("#add input[name=label]").FillAsync(month, new() { Timeout = 30_000 });
            await app.Locator("#add input[name=value]").FillAsync(sales);
            await app.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
            await Assertions.Expect(app.Locator("#entries")).ToContainTextAsync(month, new() { Timeout = 30_000 });
        }

        // No focus ring on the last input in the picture.
        await app.EvaluateAsync("() => document.activeElement?.blur()");
        var path = Environment.GetEnvironmentVariable("UPDATE_HOME_SCREENSHOT") == "1"
            ? Path.Combine(Ui.RepositoryRoot(), "src", "PromptStack.Web", "wwwroot", "home-chart-app.png")
            : Path.Combine(Ui.ScreenshotDirectory, "home-chart-app.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await app.ScreenshotAsync(new PageScreenshotOptions { Path = path });
    }
}
