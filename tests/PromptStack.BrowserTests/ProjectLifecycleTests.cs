using System.Text.RegularExpressions;

namespace PromptStack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class ProjectLifecycleTests(BrowserFixture fixture)
{
    [GeneratedRegex("/projects/([0-9a-f-]{36})$")]
    private static partial Regex ProjectUrl();

    /// <summary>
    /// The whole life of a project in one browser tab, never reloaded: estimate and create from a
    /// prompt, provision and watch it deploy, deploy the app, open and use it, type the project's
    /// name to destroy, which purges the app and destroys in one confirmed step.
    /// </summary>
    [Fact]
    public async Task Project_FromPromptToDestroy_UpdatesLiveWithoutReload()
    {
        var page = await fixture.NewPageAsync();
        await Ui.SignUpAsync(page, Ui.NewEmail("life"));

        // Estimate: the blueprint and its costs before anything exists.
        await page.GetByRole(AriaRole.Link, new() { Name = "New project" }).First.ClickAsync();
        await Ui.ReadyAsync(page, "new-project");
        await Assertions.Expect(page).ToHaveTitleAsync("New project · PromptStack");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use example: a to-do list for household chores" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Prompt", Exact = true })).ToHaveValueAsync("a to-do list for household chores");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        var blueprint = page.GetByTestId("blueprint");
        await Assertions.Expect(blueprint).ToContainTextAsync("todo-list");
        await Assertions.Expect(blueprint.Locator("tr[data-resource-kind]")).ToHaveCountAsync(5);
        await Assertions.Expect(blueprint.Locator("tr[data-resource-kind='lambda-function']")).ToContainTextAsync("Node.js 20");
        await Assertions.Expect(page.Locator(".cost-breakdown tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(page.GetByTestId("cost-total")).ToHaveTextAsync(new Regex(@"^\$\d+\.\d{2}$"));
        await Ui.ScreenshotAsync(page, "lifecycle-1-estimate");

        // Create.
        var name = "chores-" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Project name", Exact = true }).FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await Ui.ReadyAsync(page, "project");
        await Assertions.Expect(page.Locator(".project-name")).ToHaveTextAsync(name);
        var id = ProjectUrl().Match(page.Url).Groups[1].Value;
        Assert.NotEmpty(id);
        await Assertions.Expect(Ui.Chip(page, "infrastructure")).ToHaveAttributeAsync("data-status", "none");
        await page.EvaluateAsync("() => { window.__sameDocument = 'yes'; }");

        // Provision, and watch it reach "deployed" with no reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "Provision", Exact = true }).ClickAsync();
        await Ui.WaitForStatusAsync(page, "infrastructure", "deployed");
        var resources = page.Locator(".resources tbody tr");
        await Assertions.Expect(resources).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator(".resources .status-chip[data-status='ready']")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator(".resources .arn").Filter(new() { HasTextRegex = new Regex("^arn:aws:") })).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Infrastructure events" })).ToContainTextAsync("Infrastructure deployed.");
        var siteLink = page.Locator("[data-output='siteUrl'] a");
        // The app lives on an origin of its own, and no link carries a credential.
        await Assertions.Expect(siteLink).ToHaveAttributeAsync("href", new Regex($"^http://{Guid.Parse(id):N}\\.preview\\.localhost:\\d+/$"));
        await Assertions.Expect(page.Locator("[data-output='apiUrl'] a")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".countdown").First).ToContainTextAsync(new Regex(@"\d+m \d\ds left"));
        Assert.Equal("yes", await page.EvaluateAsync<string>("() => window.__sameDocument"));

        // Extend the time before cleanup.
        var countdown = page.Locator(".countdown").Last;
        var expiresBefore = await countdown.GetAttributeAsync("data-expires-at");
        await page.GetByRole(AriaRole.Button, new() { Name = "Extend", Exact = true }).ClickAsync();
        await Assertions.Expect(countdown).Not.ToHaveAttributeAsync("data-expires-at", expiresBefore!);
        Assert.True(DateTimeOffset.Parse((await countdown.GetAttributeAsync("data-expires-at"))!, System.Globalization.CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse(expiresBefore!, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(29));
        await Ui.ScreenshotAsync(page, "lifecycle-2-provisioned");

        // Deploy the application.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Application" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy", Exact = true }).ClickAsync();
        await Ui.WaitForStatusAsync(page, "application", "deployed");
        await Assertions.Expect(page.GetByTestId("app-version")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Application events" })).ToContainTextAsync("Application version 1 deployed.");

        // The generated files, read-only.
        await page.GetByRole(AriaRole.Button, new() { Name = "Show index.html" }).ClickAsync();
        await Assertions.Expect(page.Locator("pre.file-view")).ToContainTextAsync("<!doctype html>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show function/index.mjs" }).ClickAsync();
        await Assertions.Expect(page.Locator("pre.file-view")).ToHaveAttributeAsync("data-path", "function/index.mjs");
        await Assertions.Expect(page.Locator("pre.file-view")).ToContainTextAsync("handler");
        await Ui.ScreenshotAsync(page, "lifecycle-3-deployed");
        Assert.Equal("yes", await page.EvaluateAsync<string>("() => window.__sameDocument"));

        // The project page with a deployed stack (the README's pictures come from GuidedPathTests).
        await page.GetByRole(AriaRole.Tab, new() { Name = "Infrastructure" }).ClickAsync();
        await Assertions.Expect(page.Locator(".resources")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await Ui.ScreenshotAsync(page, "lifecycle-3b-infrastructure");

        // Open the running app through its link (the local preview) and use it.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Application" }).ClickAsync();
        var app = await Ui.OpenAppAsync(page, () => page.GetByTestId("open-app").ClickAsync());
        Assert.StartsWith($"http://{Guid.Parse(id):N}.preview.localhost:", app.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("ticket", app.Url, StringComparison.Ordinal);
        var entry = "Buy milk " + Guid.NewGuid().ToString("N")[..4];
        await app.GetByLabel("New item").FillAsync(entry, new() { Timeout = 30_000 });
        await app.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await Assertions.Expect(app.Locator("#list")).ToContainTextAsync(entry, new() { Timeout = 30_000 });
        await app.ReloadAsync();
        await Assertions.Expect(app.Locator("#list")).ToContainTextAsync(entry, new() { Timeout = 30_000 });
        await Ui.ScreenshotAsync(app, "lifecycle-4-running-app");
        await app.CloseAsync();

        // Destroy asks for the project's name, saying that the table's data goes with it and that the app is purged first:
        // one dialog, one confirmation, then purge and destroy run with no further question.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Infrastructure" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Destroy", Exact = true }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Destroy the infrastructure of" });
        await Assertions.Expect(confirm).ToContainTextAsync("the DynamoDB table and all the data stored in it");
        await Assertions.Expect(confirm.GetByTestId("destroy-purges-app")).ToContainTextAsync("it is purged first");
        var confirmDestroy = confirm.GetByRole(AriaRole.Button, new() { Name = "Purge app and destroy" });
        await Assertions.Expect(confirmDestroy).ToBeDisabledAsync();
        var typedName = confirm.GetByRole(AriaRole.Textbox, new() { Name = $"Type {name} to confirm" });
        await typedName.FillAsync(name[..^1]);
        await Assertions.Expect(confirmDestroy).ToBeDisabledAsync();
        await typedName.FillAsync(name);
        await Assertions.Expect(confirmDestroy).ToBeEnabledAsync();
        await Ui.ScreenshotAsync(page, "lifecycle-5-confirm-destroy");
        await confirmDestroy.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Ui.WaitForStatusAsync(page, "infrastructure", "destroyed");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Infrastructure events" })).ToContainTextAsync("Purge and destroy requested");
        await Assertions.Expect(Ui.Chip(page, "application")).ToHaveAttributeAsync("data-status", "none");
        await Assertions.Expect(page.GetByRole(AriaRole.Log, new() { Name = "Infrastructure events" })).ToContainTextAsync("Infrastructure destroyed.");
        await Assertions.Expect(page.Locator(".countdown").First).ToContainTextAsync("no expiry");
        await Assertions.Expect(page.GetByTestId("no-resources")).ToContainTextAsync("the infrastructure was destroyed");
        Assert.Equal("yes", await page.EvaluateAsync<string>("() => window.__sameDocument"));
        await Ui.ScreenshotAsync(page, "lifecycle-7-destroyed");

        // The list shows it with its final states.
        await page.GetByRole(AriaRole.Link, new() { Name = "Projects" }).First.ClickAsync();
        await Ui.ReadyAsync(page, "projects");
        var row = page.Locator(".projects-table tbody tr").Filter(new() { HasText = name });
        await Assertions.Expect(row.Locator(".status-chip[data-kind='infrastructure']")).ToHaveAttributeAsync("data-status", "destroyed");
        await Assertions.Expect(row.GetByTestId("still-counts")).ToHaveTextAsync("Still counts toward your quota until deleted");
        await Assertions.Expect(page.GetByTestId("quota-projects")).ToContainTextAsync("1 of 10");

        // With its infrastructure gone the project can be deleted, which frees the quota.
        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Ui.ReadyAsync(page, "project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete project" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Ui.ReadyAsync(page, "projects");
        await Assertions.Expect(page.GetByTestId("empty-state")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("quota-projects")).ToContainTextAsync("0 of 10");
    }
}
