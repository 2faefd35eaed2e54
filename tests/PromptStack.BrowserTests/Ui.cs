using System.Text.RegularExpressions;

namespace PromptStack.BrowserTests;

/// <summary>Steps shared by the browser tests, written the way a person uses the UI.</summary>
public static partial class Ui
{
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Folder of this run's screenshots, under the test output folder.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}"[..(who.Length + 9)] + "@example.com";

    /// <summary>
    /// Waits until a page's circuit is interactive (clicks before that are lost). 30 seconds: the page, its scripts and the
    /// circuit's start share the machine with the other test assemblies (one CI run's sign-in took more than 20). A page
    /// that never gets there fails with where it is and what it shows.
    /// </summary>
    public static async Task ReadyAsync(IPage page, string name)
    {
        try
        {
            await page.Locator($"[data-page='{name}'][data-ready='true']").WaitForAsync(new() { Timeout = 30_000 });
        }
        catch (TimeoutException timeout)
        {
            var text = await page.EvaluateAsync<string>("() => (document.body?.innerText ?? '').replace(/\\s+/g, ' ').slice(0, 400)");
            throw new TimeoutException($"Page '{name}' not ready after 30 s at {page.Url}; it shows: \"{text}\"", timeout);
        }
    }

    public static async Task GotoAsync(IPage page, string path, string name)
    {
        await page.GotoAsync(path);
        await ReadyAsync(page, name);
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public static async Task SignUpAsync(IPage page, string email, string password = BrowserFixture.Password)
    {
        await GotoAsync(page, "/signup", "signup");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await ReadyAsync(page, "projects");
    }

    public static async Task SignInAsync(IPage page, string email, string password = BrowserFixture.Password)
    {
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>
    /// Clicks what opens the running app in a new tab and waits for the app's first page. The ticket, its redirect and
    /// the files read from the emulator's bucket share the machine with the other test assemblies, so this wait gets the
    /// 30 seconds the app's content gets elsewhere, not the 15-second default (one CI run timed out here).
    /// </summary>
    public static async Task<IPage> OpenAppAsync(IPage page, Func<Task> click)
    {
        var app = await page.RunAndWaitForPopupAsync(click);
        await app.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new() { Timeout = 30_000 });
        return app;
    }

    public static ILocator Chip(IPage page, string kind) => page.Locator($".facts .status-chip[data-kind='{kind}']");

    /// <summary>
    /// Waits for a status chip to show <paramref name="status"/>; fails early on "failed". A chip that never gets
    /// there fails with the page's alerts and what the chip shows after a reload, which tells a page that stopped
    /// following its project from an operation that never ran.
    /// </summary>
    public static async Task WaitForStatusAsync(IPage page, string kind, string status)
    {
        var chip = Chip(page, kind);
        try
        {
            await Assertions.Expect(chip).ToHaveAttributeAsync("data-status", new Regex($"^({status}|failed)$"),
                new() { Timeout = (float)OperationTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException e)
        {
            var alerts = await page.Locator(".mud-alert").AllInnerTextsAsync();
            await page.ReloadAsync();
            var reloaded = await chip.GetAttributeAsync("data-status");
            Assert.Fail($"The {kind} chip never showed {status}. Alerts: [{string.Join(" | ", alerts)}]; after a reload it shows {reloaded}.\n{e.Message}");
        }

        Assert.Equal(status, await chip.GetAttributeAsync("data-status"));
    }

    /// <summary>The repository root, found from the test output folder.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PromptStack.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PromptStack.slnx not found above " + AppContext.BaseDirectory);
    }
}
