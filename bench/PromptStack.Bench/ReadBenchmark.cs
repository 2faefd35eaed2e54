using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using PromptStack.Provisioning.Aws;

namespace PromptStack.Bench;

/// <summary>
/// The read path against a bare Kestrel baseline, side by side with the same load tool (wrk -t2 -c64)
/// in one run: GET /api/projects for a user with 10 deployed projects of 5 resources each, and
/// GET /api/projects/{id}; the baseline is a minimal API answering a body of the same size.
/// Usage: dotnet run -c Release --project bench/PromptStack.Bench -- reads [seconds]
/// </summary>
public static partial class ReadBenchmark
{
    public static async Task RunAsync(int seconds)
    {
        if (!File.Exists("/usr/bin/wrk"))
        {
            Console.WriteLine("wrk is needed: apt-get install wrk");
            return;
        }

        await using var moto = await MotoServer.StartAsync();
        var dataDir = Path.Combine(Path.GetTempPath(), "promptstack-bench-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("DATA_DIR", dataDir);
            b.UseSetting("JWT_SECRET", "benchmark-secret-benchmark-secret-0123456789");
            b.UseSetting("AWS_ENDPOINT_URL", moto.Url);
            b.UseSetting("SWEEPER_INTERVAL_SECONDS", "0");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware", "Warning");
        });
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        app.StartServer();
        var platform = $"http://127.0.0.1:{port}";
        using var client = new HttpClient { BaseAddress = new Uri(platform) };
        var register = await client.PostAsJsonAsync("/api/auth/register", new { email = "reads@example.com", password = "benchmark-password" });
        var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var created = await client.PostAsJsonAsync("/api/projects", new { name = $"reads-{i}", prompt = "a bar chart of monthly sales I can add entries to" });
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            await client.PostAsync($"/api/projects/{ids[^1]}/infrastructure", null);
        }

        foreach (var id in ids)
        {
            while ((await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}")).GetProperty("infrastructure").GetProperty("status").GetString() != "deployed")
            {
                await Task.Delay(100);
            }
        }

        var listBody = await client.GetStringAsync("/api/projects");
        var oneBody = await client.GetStringAsync($"/api/projects/{ids[0]}");

        // The baseline: bare Kestrel, a minimal API, the same bodies.
        var bare = WebApplication.CreateSlimBuilder();
        bare.Logging.ClearProviders();
        var barePort = FreePort();
        bare.WebHost.UseUrls($"http://127.0.0.1:{barePort}");
        await using var baseline = bare.Build();
        baseline.MapGet("/list", () => Results.Text(listBody, "application/json"));
        baseline.MapGet("/one", () => Results.Text(oneBody, "application/json"));
        await baseline.StartAsync();

        var auth = $"Authorization: Bearer {token}";
        var rows = new List<(string Name, Wrk Bare, Wrk Platform, int Bytes)>
        {
            ("GET /api/projects (10 projects)", await WrkAsync($"http://127.0.0.1:{barePort}/list", null, seconds),
                await WrkAsync($"{platform}/api/projects", auth, seconds), listBody.Length),
            ("GET /api/projects/{id}", await WrkAsync($"http://127.0.0.1:{barePort}/one", null, seconds),
                await WrkAsync($"{platform}/api/projects/{ids[0]}", auth, seconds), oneBody.Length),
        };

        Console.WriteLine("| endpoint | body | bare Kestrel req/s (p99) | PromptStack req/s (p99) | share of bare |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, b, p, bytes) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {bytes / 1024.0:F1} KB | {b.RequestsPerSecond:F0} ({b.P99}) | {p.RequestsPerSecond:F0} ({p.P99}) | {100 * p.RequestsPerSecond / b.RequestsPerSecond:F1}% |"));
        }

        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed record Wrk(double RequestsPerSecond, string P99);

    private static async Task<Wrk> WrkAsync(string url, string? header, int seconds)
    {
        // Warm-up long enough for tiered JIT to finish recompiling the path (2 s left the figures swinging by 2x
        // between runs), then the measured run.
        await RunWrkAsync(url, header, 10);
        var output = await RunWrkAsync(url, header, seconds);
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var p99 = P99().Match(output) is { Success: true } m ? m.Groups[1].Value : "?";
        if (NonSuccess().Match(output) is { Success: true } errors)
        {
            throw new InvalidOperationException($"{url} answered errors under load: {errors.Value}\n{output}");
        }

        return new Wrk(rps, p99);
    }

    private static async Task<string> RunWrkAsync(string url, string? header, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t2", "-c64", $"-d{seconds}s", "--latency" })
        {
            start.ArgumentList.Add(argument);
        }

        if (header is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }

        start.ArgumentList.Add(url);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"\s99%\s+(\S+)")]
    private static partial Regex P99();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();
}
