using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Runs moto's standalone server as a child process on a free loopback port, for the web server's local
/// mode and for integration tests. The process tree is killed on dispose.
/// </summary>
public sealed class MotoServer : IDisposable, IAsyncDisposable
{
    public const string MissingMotoMessage = "python3 with moto is required for local mode: pip install 'moto[server]'";

    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly Queue<string> _output = new();
    private int _disposed;

    private MotoServer(Process process, int port)
    {
        _process = process;
        Port = port;
        Url = $"http://127.0.0.1:{port}";
        _http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    /// <summary>The emulator's process (benchmarks read its scheduling figures from /proc).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The CPU time the emulator's process has used so far (benchmarks compare the platform's against it).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Base URL to use as <see cref="AwsSettings.EndpointUrl"/>.</summary>
    public string Url { get; }

    /// <summary>Starts moto and waits until it answers HTTP.</summary>
    public static async Task<MotoServer> StartAsync(
        string pythonExecutable = "python3", TimeSpan? startupTimeout = null, CancellationToken cancellationToken = default)
    {
        var port = FreePort();
        var startInfo = new ProcessStartInfo(pythonExecutable)
        {
            ArgumentList = { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException(MissingMotoMessage, ex);
        }

        var server = new MotoServer(process, port);
        // Moto logs every request; the pipes must be drained or it blocks once they fill up.
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(startupTimeout ?? TimeSpan.FromSeconds(30), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Drops all state in moto (every resource of every service).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync(new Uri("/moto-api/reset", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }

        _process.Dispose();
        _http.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // flushes the asynchronous output readers
                var output = RecentOutput();
                var missing = output.Contains("No module named", StringComparison.Ordinal);
                throw new InvalidOperationException(
                    missing ? $"{MissingMotoMessage}\n{output}" : $"moto server exited with code {_process.ExitCode}:\n{output}");
            }

            try
            {
                // Any HTTP answer (even 404) proves the server is listening.
                using var response = await _http.GetAsync(new Uri("/moto-api/", UriKind.Relative), cancellationToken);
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The per-request timeout fired; keep polling until the deadline.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"moto server did not answer on {Url} within {timeout}:\n{RecentOutput()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 50)
            {
                _output.Dequeue();
            }
        }
    }

    private string RecentOutput()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
