using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Aws;

namespace PromptStack.Bench;

/// <summary>
/// Pushed event streams (issue: live updates without polling). 1) The CPU that 500 open, quiet streams cost one
/// SQLite instance, against the same instance idle with none, each over the same time. 2) On PostgreSQL with two
/// instances: the time from an event's commit on one instance to its arrival on a stream opened on the other, 100
/// times; p50 and p99. Usage: dotnet run -c Release --project bench/PromptStack.Bench -- streams [seconds]
/// </summary>
public static class StreamBenchmark
{
    private const int Users = 100;
    private const int StreamsPerUser = 5;
    private const int Events = 100;

    public static async Task RunAsync(int seconds)
    {
        await using var moto = await MotoServer.StartAsync();
        await IdleStreamsAsync(moto.Url, seconds);
        await CrossInstanceAsync(moto.Url);
    }

    private static async Task IdleStreamsAsync(string motoUrl, int seconds)
    {
        await using var app = App(motoUrl, new() { ["DATA_DIR"] = TempDirectory() });
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        using var http = app.CreateClient();
        http.Timeout = Timeout.InfiniteTimeSpan;
        var targets = new List<(string Token, string Project)>();
        for (var i = 0; i < Users; i++)
        {
            targets.Add(await UserWithProjectAsync(http, $"streams-{i}@example.com"));
        }

        // Settle: JIT, first queries, the preview's npm packages (installed once).
        await Task.Delay(TimeSpan.FromSeconds(10));
        var idle = await CpuOverAsync(seconds);

        using var stop = new CancellationTokenSource();
        var open = targets.SelectMany(t => Enumerable.Repeat(t, StreamsPerUser)).Select(t => HoldStreamAsync(http, t.Token, t.Project, stop.Token)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var withStreams = await CpuOverAsync(seconds);
        var failed = open.Count(t => t.IsCompleted);
        await stop.CancelAsync();

        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(Row("server idle, no streams (share of one core)", idle));
        Console.WriteLine(Row($"server with {Users * StreamsPerUser} open quiet streams", withStreams));
        Console.WriteLine(Row("cost of the streams (difference; target < 5%)", withStreams - idle));
        Console.WriteLine($"| streams that ended early | {failed} |");
    }

    private static async Task CrossInstanceAsync(string motoUrl)
    {
        await using var postgres = await BenchPostgres.StartAsync();
        var url = postgres.ConnectionString;
        await using var first = App(motoUrl, new() { ["DATABASE_URL"] = url, ["MIGRATE_ON_START"] = "true" });
        using var firstClient = first.CreateClient();
        await using var second = App(motoUrl, new() { ["DATABASE_URL"] = url });
        using var http = second.CreateClient();
        http.Timeout = Timeout.InfiniteTimeSpan;
        var (token, project) = await UserWithProjectAsync(http, "cross@example.com");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{project}/events/stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());
        await ReadUntilAsync(lines, "Project created");

        var latencies = new List<double>();
        for (var i = 0; i < Events; i++)
        {
            var message = $"bench event {i} {Guid.NewGuid():N}";
            await using var scope = first.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            db.ProjectEvents.Add(new ProjectEvent { ProjectId = Guid.Parse(project), At = DateTimeOffset.UtcNow, Operation = "bench", Message = message });
            var watch = Stopwatch.StartNew();
            await db.SaveChangesAsync();
            await ReadUntilAsync(lines, message);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| event committed on one instance to a stream on the other, {Events} events: p50 / p99 (target p99 <= 200 ms) | {latencies[Events / 2]:F1} ms / {latencies[(int)(Events * 0.99) - 1]:F1} ms |"));
    }

    private static WebApplicationFactory<Program> App(string motoUrl, Dictionary<string, string> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("JWT_SECRET", "benchmark-secret-benchmark-secret-0123456789");
            b.UseSetting("AWS_ENDPOINT_URL", motoUrl);
            b.UseSetting("METRICS_URLS", "");

            // The preview's npm packages, installed once for every run rather than during the idle measurement.
            b.UseSetting("PREVIEW_DIR", Path.Combine(Path.GetTempPath(), "promptstack-bench-preview"));
            b.UseSetting("SWEEPER_INTERVAL_SECONDS", "0");
            b.UseSetting("RATE_LIMIT_AUTH_PER_MINUTE", "10000");
            b.UseSetting("RATE_LIMIT_CREATE_PER_MINUTE", "10000");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware", "Warning");
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });

    private static async Task<(string Token, string Project)> UserWithProjectAsync(HttpClient http, string email)
    {
        var register = await http.PostAsJsonAsync("/api/auth/register", new { email, password = "benchmark-password" });
        register.EnsureSuccessStatusCode();
        var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/projects")
        {
            Content = JsonContent.Create(new { name = "streams", prompt = "a guestbook" }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await http.SendAsync(create);
        created.EnsureSuccessStatusCode();
        return (token, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private static async Task HoldStreamAsync(HttpClient http, string token, string project, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{project}/events/stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            while (await lines.ReadLineAsync(stop) is not null)
            {
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>This process's CPU (the server, and the benchmark's idle clients beside it) as a share of one core.</summary>
    private static async Task<double> CpuOverAsync(int seconds)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds / watch.Elapsed.TotalSeconds;
    }

    private static async Task ReadUntilAsync(StreamReader lines, string text)
    {
        while (await lines.ReadLineAsync() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }

    private static string Row(string name, double share) => string.Create(CultureInfo.InvariantCulture, $"| {name} | {100 * share:F1}% |");

    private static string TempDirectory() => Path.Combine(Path.GetTempPath(), "promptstack-bench-" + Guid.NewGuid().ToString("N"));
}
