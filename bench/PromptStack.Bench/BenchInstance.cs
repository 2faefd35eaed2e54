using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PromptStack.Bench;

/// <summary>
/// One server instance as an operator runs it: <c>dotnet PromptStack.Web.dll</c> in a process of its own (so its CPU
/// time and peak memory are its own), on a free loopback port, in Production. Its output goes to a log file.
/// </summary>
public sealed class BenchInstance : IAsyncDisposable
{
    private readonly Process _process;

    private BenchInstance(Process process, string name, string baseUrl, string metricsUrl, string logFile)
    {
        _process = process;
        Name = name;
        BaseUrl = baseUrl;
        MetricsUrl = metricsUrl;
        LogFile = logFile;
    }

    public string Name { get; }

    public string BaseUrl { get; }

    /// <summary>The instance's management address, where it answers <c>/metrics</c> (Prometheus text).</summary>
    public string MetricsUrl { get; }

    public string LogFile { get; }

    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The most resident memory the process has held since it started (VmHWM), in MB.</summary>
    public double PeakResidentMegabytes
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }
    }

    /// <summary>Runs <c>PromptStack.Web.dll migrate</c> once, as the README has operators do before starting instances.</summary>
    public static async Task MigrateAsync(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BenchPaths.WebDll);
        start.ArgumentList.Add("migrate");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"migrate failed ({process.ExitCode}): {await output}{await errors}");
        }
    }

    public static async Task<BenchInstance> StartAsync(string name, string workDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var metricsUrl = $"http://127.0.0.1:{FreePort()}";
        var directory = Path.Combine(workDirectory, name);
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BenchPaths.WebDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DATA_DIR"] = Path.Combine(directory, "data");
        start.Environment["METRICS_URLS"] = metricsUrl;

        // As the README advises (Configuration, Memory): a 16 MB young generation (this machine reports 300 MiB of L3,
        // from which the runtime sized it at about 80 MB), and two glibc arenas for native memory instead of up to 16.
        start.Environment["DOTNET_GCgen0size"] = "0x1000000";
        start.Environment["MALLOC_ARENA_MAX"] = "2";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var logFile = Path.Combine(directory, "server.log");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited at start; see {logFile}.");
            }

            try
            {
                if ((await http.GetAsync(baseUrl + "/health/live")).IsSuccessStatusCode)
                {
                    return new BenchInstance(process, name, baseUrl, metricsUrl, logFile);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new InvalidOperationException($"{name} did not start in two minutes; see {logFile}.");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// The instance's AWS calls so far from its <c>/metrics</c>: per service and operation, how many (every attempt)
    /// and their summed duration in seconds (from sending the request to having the whole answer).
    /// </summary>
    public async Task<Dictionary<string, (long Calls, double Seconds)>> AwsCallsAsync(HttpClient http)
    {
        var calls = new Dictionary<string, (long Calls, double Seconds)>(StringComparer.Ordinal);
        foreach (var line in (await http.GetStringAsync(MetricsUrl + "/metrics")).Split('\n'))
        {
            var sum = line.StartsWith("promptstack_aws_call_duration_seconds_sum{", StringComparison.Ordinal);
            if (!sum && !line.StartsWith("promptstack_aws_call_duration_seconds_count{", StringComparison.Ordinal))
            {
                continue;
            }

            var key = Label(line, "service") + " " + Label(line, "operation");
            var value = Value(line);
            var (count, seconds) = calls.GetValueOrDefault(key);
            calls[key] = sum ? (count, seconds + value) : (count + (long)value, seconds);
        }

        return calls;
    }

    /// <summary>
    /// How long this instance took to answer GET requests of <paramref name="route"/>, from its own histogram (its
    /// /metrics): requests at or under each bucket's upper bound in seconds, cumulative, over every status. The time
    /// runs from the parsed request to the written answer, so it holds no wait before the instance reads the request.
    /// </summary>
    public async Task<SortedDictionary<double, long>> RequestDurationsAsync(HttpClient http, string route)
    {
        var buckets = new SortedDictionary<double, long>();
        foreach (var line in (await http.GetStringAsync(MetricsUrl + "/metrics")).Split('\n'))
        {
            if (!line.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal) ||
                Label(line, "http_route") != route || Label(line, "http_request_method") != "GET")
            {
                continue;
            }

            var le = Label(line, "le") ?? "+Inf";
            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, System.Globalization.CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + (long)Value(line);
        }

        return buckets;
    }

    private static string? Label(string line, string name)
    {
        var at = line.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + name.Length + 2;
        return line[start..line.IndexOf('"', start)];
    }

    private static double Value(string line) =>
        double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
