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
// event streams, see StreamBenchmark; "scale [projects] [users]" for two instances on PostgreSQL, see ScaleBenchmark).
public static class Benchmark
{
    private const int BatchSize = 50;

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

        if (args is ["scale", ..])
        {
            await ScaleBenchmark.RunAsync(
                args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
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

        var server = Process.GetCurrentProcess();
        (TimeSpan Server, TimeSpan Moto) Cpu()
        {
            server.Refresh();
            return (server.TotalProcessorTime, moto.ProcessorTime);
        }

        // 50 stacks requested at once, watched through one list request every 250 ms, so that the watching costs the
        // server little next to the work. The server runs in this process: its CPU is this process's, the
        // benchmark's own share included (an upper bound on the server's).
        async Task<Batch> RunBatchAsync(string prefix)
        {
            var ids = new List<string>();
            for (var i = 0; i < BatchSize; i++)
            {
                ids.Add(await CreateAsync($"{prefix}-{i}"));
            }

            async Task WaitAllAsync(string status)
            {
                while (true)
                {
                    var projects = (await client.GetFromJsonAsync<JsonElement>("/api/projects")).EnumerateArray()
                        .Where(p => ids.Contains(p.GetProperty("id").GetString()!))
                        .Select(p => p.GetProperty("infrastructure").GetProperty("status").GetString()).ToList();
                    if (projects.Contains("failed"))
                    {
                        throw new InvalidOperationException("A stack of the batch failed.");
                    }

                    if (projects.All(s => s == status))
                    {
                        return;
                    }

                    await Task.Delay(250);
                }
            }

            var before = Cpu();
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select(id => client.PostAsync($"/api/projects/{id}/infrastructure", null)));
            await WaitAllAsync("deployed");
            var provisioned = (Wall: watch.Elapsed, Cpu: Cpu());
            watch.Restart();
            await Task.WhenAll(ids.Select(id => client.DeleteAsync($"/api/projects/{id}/infrastructure")));
            await WaitAllAsync("destroyed");
            var destroyed = (Wall: watch.Elapsed, Cpu: Cpu());
            await Task.WhenAll(ids.Select(id => client.DeleteAsync($"/api/projects/{id}")));
            return new Batch(provisioned.Wall.TotalSeconds, (provisioned.Cpu.Server - before.Server).TotalSeconds, (provisioned.Cpu.Moto - before.Moto).TotalSeconds,
                destroyed.Wall.TotalSeconds, (destroyed.Cpu.Server - provisioned.Cpu.Server).TotalSeconds, (destroyed.Cpu.Moto - provisioned.Cpu.Moto).TotalSeconds);
        }

        // The first batches warm the process: tiered JIT (with dynamic PGO) keeps recompiling the hot paths for about
        // three batches of 50, and a server that runs for days is past that. The batches after them are measured.
        var warmUp = new List<Batch>();
        for (var i = 0; i < 3; i++)
        {
            warmUp.Add(await RunBatchAsync($"warm-batch-{i}"));
            Console.WriteLine($"warm-up batch {i + 1} of 3 done: server CPU per stack {1000 * warmUp[^1].ServerCpu / BatchSize:F0} ms; measuring next");
        }

        // Three measured batches, summed: one batch of 50 lasts a few seconds, and its CPU ratio alone moved by a sixth
        // between runs of the same code.
        var measuredBatches = new List<Batch>();
        for (var i = 0; i < 3; i++)
        {
            measuredBatches.Add(await RunBatchAsync($"many-{i}"));
        }

        var measured = measuredBatches.Aggregate((a, b) => a + b);
        var busyBound = (measured.ServerCpu + measured.MotoCpu) / Environment.ProcessorCount;

        Console.WriteLine($"| one stack, POST .../infrastructure to deployed (median of {rounds}) | {medianTotal:F0} ms |");
        Console.WriteLine($"| AWS calls on its critical path, same runs (median) | {medianCritical:F0} ms |");
        Console.WriteLine($"| target: 1.5 x critical path + 100 ms | {1.5 * medianCritical + 100:F0} ms ({(medianTotal <= 1.5 * medianCritical + 100 ? "met" : "NOT met")}) |");
        Console.WriteLine($"| warm-up batches of {BatchSize}: server CPU per stack | {string.Join(", ", warmUp.Select(w => $"{1000 * w.ServerCpu / BatchSize:F0} ms"))} |");
        var stacks = measuredBatches.Count * BatchSize;
        Console.WriteLine($"| 3 x {BatchSize} stacks at once: provisioned | {measured.ProvisionSeconds:F1} s = {stacks / measured.ProvisionSeconds:F1} stacks/s |");
        Console.WriteLine($"| 3 x {BatchSize} stacks at once: destroyed | {measured.DestroySeconds:F1} s = {stacks / measured.DestroySeconds:F1} stacks/s |");
        Console.WriteLine($"| provisioning: server CPU per stack | {1000 * measured.ServerCpu / stacks:F0} ms |");
        Console.WriteLine($"| provisioning: emulator CPU per stack | {1000 * measured.MotoCpu / stacks:F0} ms |");
        Console.WriteLine($"| server / emulator CPU (target <= 25%); each batch's | {100 * measured.ServerCpu / measured.MotoCpu:F0}% ({(measured.ServerCpu <= 0.25 * measured.MotoCpu ? "met" : "NOT met")}); {string.Join(", ", measuredBatches.Select(b => $"{100 * b.ServerCpu / b.MotoCpu:F0}%"))} |");
        Console.WriteLine($"| wall / ((server + emulator CPU) / {Environment.ProcessorCount} cores) (target <= 1.25) | {measured.ProvisionSeconds / busyBound:F2} ({(measured.ProvisionSeconds <= 1.25 * busyBound ? "met" : "NOT met")}) |");
        // moto is one Python process whose threads share one interpreter lock, so it never uses more than one core and
        // wall >= its CPU: the ratio above cannot go below cores x emulator / (server + emulator), and it reaches that
        // floor only with the emulator busy all the time.
        Console.WriteLine($"| provisioning: emulator CPU / wall (at most 100%: one interpreter lock) | {100 * measured.MotoCpu / measured.ProvisionSeconds:F0}% |");
        Console.WriteLine($"| floor of wall / busy set by the emulator (its CPU = wall): {Environment.ProcessorCount} x emulator / (server + emulator) | {Environment.ProcessorCount * measured.MotoCpu / (measured.ServerCpu + measured.MotoCpu):F2} |");
        Console.WriteLine($"| destroying 3 x {BatchSize}: server / emulator CPU | {measured.DestroyServerCpu:F1} s / {measured.DestroyMotoCpu:F1} s |");
        // The server keeps previews beside DATA_DIR when handlers drop root (as they do when the benchmark runs as root).
        foreach (var folder in new[] { dataDir, dataDir + "-preview" })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

internal sealed record Batch(double ProvisionSeconds, double ServerCpu, double MotoCpu, double DestroySeconds, double DestroyServerCpu, double DestroyMotoCpu)
{
    public static Batch operator +(Batch a, Batch b) => new(
        a.ProvisionSeconds + b.ProvisionSeconds, a.ServerCpu + b.ServerCpu, a.MotoCpu + b.MotoCpu,
        a.DestroySeconds + b.DestroySeconds, a.DestroyServerCpu + b.DestroyServerCpu, a.DestroyMotoCpu + b.DestroyMotoCpu);
}
