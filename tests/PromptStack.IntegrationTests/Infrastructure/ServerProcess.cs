using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>
/// The built server, src/PromptStack.Web's PromptStack.Web.dll, run with <c>dotnet</c> as an OS process of
/// its own: one instance of a scaled-out installation that a test can kill (SIGKILL) or pause (SIGSTOP).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly string dataDirectory;

    private ServerProcess(Process process, string name, string baseUrl, string dataDirectory)
    {
        this.process = process;
        this.dataDirectory = dataDirectory;
        Name = name;
        BaseUrl = baseUrl;
    }

    public string Name { get; }

    public string BaseUrl { get; }

    public bool HasExited => process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>The server build next to this test build (same configuration), which referencing the Web project builds.</summary>
    public static string WebDll => FindWebDll();

    /// <summary>Starts an instance on a free loopback port and waits until it answers <c>/health/live</c>.</summary>
    public static async Task<ServerProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var data = Path.Combine(Path.GetTempPath(), "promptstack-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var start = Start(["--urls", baseUrl], environment, data);
        var server = new ServerProcess(Process.Start(start)!, name, baseUrl, data);
        server.process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(server.HasExited, $"{name} exited at start:\n{server.Output}");
            try
            {
                if ((await http.GetAsync(baseUrl + "/health/live")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"{name} did not start:\n{server.Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Runs the program (a command such as <c>migrate</c>, or the server expected to stop by itself) to its
    /// end; returns the exit code and output. One still running after two minutes is killed and fails the test.
    /// </summary>
    public static async Task<(int Code, string Output)> RunAsync(string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var data = Path.Combine(Path.GetTempPath(), "promptstack-tests", "command-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        using var process = Process.Start(Start(arguments, environment, data))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"dotnet {string.Join(' ', arguments)} was still running after two minutes:\n{await output}{await errors}");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }

        return (process.ExitCode, await output + await errors);
    }

    /// <summary>A loopback port free a moment ago.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public HttpClient Client(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    /// <summary>SIGKILL: the process dies at once, leaving its leases to expire.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit(10_000);
    }

    /// <summary>SIGSTOP: every thread stops where it is (a long GC pause, a frozen VM) until <see cref="ResumeAsync"/>.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await SignalAsync("CONT");
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned eventually.
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private void Append(string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static ProcessStartInfo Start(string[] arguments, IReadOnlyDictionary<string, string> environment, string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(WebDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DATA_DIR"] = Path.Combine(dataDirectory, "data");

        // Off unless a test asks for it: instances started side by side would all want the default management port.
        start.Environment["METRICS_URLS"] = "";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static string FindWebDll()
    {
        // This assembly sits in tests/PromptStack.IntegrationTests/bin/<configuration>/<framework>/.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PromptStack.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "src", "PromptStack.Web", "bin", here.Parent!.Name, here.Name, "PromptStack.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution (or the integration tests) first.");
        return dll;
    }
}
