using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Bench;

// Provisioning benchmark against a moto server: latency of one stack versus the AWS work on its
// critical path (table -> role -> function -> HTTP API; the bucket runs beside them), and
// throughput for 50 stacks requested at once. Usage: dotnet run -c Release --project bench/PromptStack.Bench [rounds]
// (or "reads [seconds]" for the read path against bare Kestrel, see ReadBenchmark; "streams [seconds]" for pushed
// event streams, see StreamBenchmark).
public static class Benchmark
{
    public static async Task Main(string[] args)
    {
        // The host's content root: src/PromptStack.Web, found upward from the build output.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "src", "PromptStack.Web")))
        {
            root = root.Parent;
        }

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PROMPTSTACK_WEB",
            Path.Combine(root?.FullName ?? ".", "src", "PromptStack.Web"));
        if (args is ["streams", ..])
        {
            await StreamBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
            return;
        }

        if (args is ["reads", ..])
        {
            await ReadBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
            return;
        }

        var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 15;
        await using var moto = await MotoServer.StartAsync();
        var durations = new ConcurrentDictionary<(Guid Project, string Kind), TimeSpan>();
        var dataDir = Path.Combine(Path.GetTempPath(), "promptstack-bench-" + Guid.NewGuid().ToString("N"));
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("DATA_DIR", dataDir);
            b.UseSetting("JWT_SECRET", "benchmark-secret-benchmark-secret-0123456789");
            b.UseSetting("AWS_ENDPOINT_URL", moto.Url);
            b.UseSetting("MAX_RESOURCES_PER_USER", "100");
            b.UseSetting("RATE_LIMIT_CREATE_PER_MINUTE", "1000");
            b.UseSetting("RATE_LIMIT_OPERATIONS_PER_MINUTE", "1000");
            b.UseSetting("SWEEPER_INTERVAL_SECONDS", "0");
            b.ConfigureServices(s => s.AddSingleton<IEnumerable<IResourceDriver>>(sp =>
                AwsDrivers.Create(sp.GetRequiredService<AwsClientFactory>(), sp.GetRequiredService<EngineOptions>(), sp.GetRequiredService<DriverSettings>())
                    .Select(d => (IResourceDriver)new TimedDriver(d, durations)).ToList()));
        });

        var client = app.CreateClient();
        var register = await client.PostAsJsonAsync("/api/auth/register", new { email = "bench@example.com", password = "benchmark-password" });
        var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        async Task<string> CreateAsync(string name)
        {
            var response = await client.PostAsJsonAsync("/api/projects", new { name, prompt = "a to-do list" });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        async Task WaitAsync(string id, string status)
        {
            while (true)
            {
                var project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
                var now = project.GetProperty("infrastructure").GetProperty("status").GetString();
                if (now == status)
                {
                    return;
                }

                if (now == "failed")
                {
                    throw new InvalidOperationException($"Project {id} failed: {project}");
                }

                await Task.Delay(5);
            }
        }

        TimeSpan CriticalPath(Guid project)
        {
            TimeSpan Of(string kind) => durations.GetValueOrDefault((project, kind));
            var chain = Of("dynamodb-table") + Of("iam-role") + Of("lambda-function") + Of("http-api");
            return chain > Of("s3-bucket") ? chain : Of("s3-bucket");
        }

        // Warm-up: JIT, connection pools, moto's first-request costs.
        var warm = await CreateAsync("warm-up");
        await client.PostAsync($"/api/projects/{warm}/infrastructure", null);
        await WaitAsync(warm, "deployed");
        await client.DeleteAsync($"/api/projects/{warm}/infrastructure");
        await WaitAsync(warm, "destroyed");

        var single = new List<(double Total, double Critical)>();
        for (var i = 0; i < rounds; i++)
        {
            var id = await CreateAsync($"single-{i}");
            var watch = Stopwatch.StartNew();
            await client.PostAsync($"/api/projects/{id}/infrastructure", null);
            await WaitAsync(id, "deployed");
            single.Add((watch.Elapsed.TotalMilliseconds, CriticalPath(Guid.Parse(id)).TotalMilliseconds));
            await client.DeleteAsync($"/api/projects/{id}/infrastructure");
            await WaitAsync(id, "destroyed");
            await client.DeleteAsync($"/api/projects/{id}");
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }

        var medianTotal = Median(single.Select(s => s.Total));
        var medianCritical = Median(single.Select(s => s.Critical));

        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(await CreateAsync($"many-{i}"));
        }

        var batch = Stopwatch.StartNew();
        await Task.WhenAll(ids.Select(id => client.PostAsync($"/api/projects/{id}/infrastructure", null)));
        await Task.WhenAll(ids.Select(id => WaitAsync(id, "deployed")));
        var provisionSeconds = batch.Elapsed.TotalSeconds;
        batch.Restart();
        await Task.WhenAll(ids.Select(id => client.DeleteAsync($"/api/projects/{id}/infrastructure")));
        await Task.WhenAll(ids.Select(id => WaitAsync(id, "destroyed")));
        var destroySeconds = batch.Elapsed.TotalSeconds;

        Console.WriteLine($"| one stack, POST .../infrastructure to deployed (median of {rounds}) | {medianTotal:F0} ms |");
        Console.WriteLine($"| AWS calls on its critical path, same runs (median) | {medianCritical:F0} ms |");
        Console.WriteLine($"| target: 1.5 x critical path + 100 ms | {1.5 * medianCritical + 100:F0} ms ({(medianTotal <= 1.5 * medianCritical + 100 ? "met" : "NOT met")}) |");
        Console.WriteLine($"| 50 stacks at once: provisioned | {provisionSeconds:F1} s = {50 / provisionSeconds:F1} stacks/s |");
        Console.WriteLine($"| 50 stacks at once: destroyed | {destroySeconds:F1} s = {50 / destroySeconds:F1} stacks/s |");
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
