using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace PromptStack.BrowserTests;

/// <summary>
/// The published build, started from another folder as a service manager would (its own working
/// directory, a data directory elsewhere, local mode starting moto by itself).
/// </summary>
public sealed class PublishedServer : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "promptstack-published", Guid.NewGuid().ToString("N"));
    private Process? server;

    public string BaseUrl { get; private set; } = "";

    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var app = Path.Combine(root, "app");
        var elsewhere = Path.Combine(root, "srv");
        Directory.CreateDirectory(elsewhere);
        var project = Path.Combine(Ui.RepositoryRoot(), "src", "PromptStack.Web");
        var (code, output) = await RunAsync("dotnet", ["publish", project, "-c", "Release", "--no-build", "-o", app, "-nologo", "-v", "quiet"], root);
        Assert.True(code == 0, "dotnet publish failed: " + output);

        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        BaseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = elsewhere, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(app, "PromptStack.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["DATA_DIR"] = Path.Combine(root, "data");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        server = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            Assert.False(server.HasExited, "The published server exited: " + log);
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health/live")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "The published server did not start: " + log);
            await Task.Delay(250);
        }

        lock (log)
        {
            Output = log.ToString();
        }
    }

    public Task DisposeAsync()
    {
        if (server is { HasExited: false })
        {
            // The whole tree: the moto emulator that local mode started goes too.
            server.Kill(entireProcessTree: true);
            server.WaitForExit(10_000);
        }

        server?.Dispose();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Files may be held a moment longer; the temp folder is cleaned eventually.
        }

        return Task.CompletedTask;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}

[Collection(BrowserCollection.Name)]
public sealed partial class PublishedBuildTests(BrowserFixture fixture, PublishedServer published) : IClassFixture<PublishedServer>
{
    [Fact]
    public async Task PublishedBuild_StartedFromAnotherFolder_ServesItsAssetsAndRendersPages()
    {
        using var http = new HttpClient { BaseAddress = new Uri(published.BaseUrl) };
        var script = await http.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 10_000, "blazor.web.js is empty.");
        var signIn = await http.GetStringAsync("/signin");
        var styles = StyleLinks().Matches(signIn).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(styles, s => s.Contains("MudBlazor", StringComparison.Ordinal));
        Assert.Contains(styles, s => s.StartsWith("app.", StringComparison.Ordinal));
        foreach (var style in styles)
        {
            Assert.True((await http.GetByteArrayAsync("/" + style)).Length > 1_000, style + " is empty.");
        }

        // What a person sees: the styled sign-up form, then the interactive projects page.
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = published.BaseUrl, ViewportSize = new() { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await Ui.SignUpAsync(page, Ui.NewEmail("published"));
        await Assertions.Expect(page.GetByTestId("empty-state")).ToContainTextAsync("No projects yet");
        var appBar = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.mud-appbar')).backgroundColor");
        // The theme's primary colour: MudBlazor's styles and the theme are applied, not a bare page.
        Assert.Equal("rgb(57, 73, 171)", appBar);
        await Ui.ScreenshotAsync(page, "published-build-projects");
        await context.CloseAsync();
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+\\.css)\"")]
    private static partial Regex StyleLinks();
}
