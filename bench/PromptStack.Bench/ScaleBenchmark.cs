using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PromptStack.Provisioning;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Bench;

/// <summary>
/// The scale run: two server instances (their own processes, the published settings of an operator) sharing one
/// PostgreSQL, both reconciling, against one moto. Users are registered (owners) or seeded straight into the database
/// (the rest); each owner creates ten projects; all are provisioned at once while a few clients keep reading their
/// project lists; then every project is made due for automatic cleanup and the reaper destroys them.
/// Checks: every project deployed with exactly five resources, the cloud holding exactly five tagged resources per
/// project and none twice, nothing tagged left after the cleanup. Prints a table of figures.
/// Usage: dotnet run -c Release --project bench/PromptStack.Bench -- scale [projects=1000] [users=10000]
/// </summary>
public static class ScaleBenchmark
{
    private const int ProjectsPerOwner = 10;
    private const int WarmUpOwners = 6;
    private const int Readers = 8;
    private static readonly TimeSpan ReaderPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(40);

    public static async Task RunAsync(int projects, int users)
    {
        var owners = (projects + ProjectsPerOwner - 1) / ProjectsPerOwner;
        var work = Path.Combine(Path.GetTempPath(), "promptstack-scale-" + Guid.NewGuid().ToString("N")[..8]);
        await using var postgres = await BenchPostgres.StartAsync();
        await using var moto = await MotoServer.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = postgres.ConnectionString,
            ["JWT_SECRET"] = "benchmark-secret-benchmark-secret-0123456789",
            ["AWS_ENDPOINT_URL"] = moto.Url,
            ["RATE_LIMIT_AUTH_PER_MINUTE"] = "100000",
            ["RATE_LIMIT_CREATE_PER_MINUTE"] = "100000",
            ["RATE_LIMIT_OPERATIONS_PER_MINUTE"] = "100000",

            // The orphan sweep lists the whole account; it is off so that the figures are those of the work itself.
            ["SWEEPER_INTERVAL_SECONDS"] = "0",
            ["REAPER_INTERVAL_SECONDS"] = "5",
        };

        await BenchInstance.MigrateAsync(settings);
        await using var first = await BenchInstance.StartAsync("instance-a", work, settings);
        await using var second = await BenchInstance.StartAsync("instance-b", work, settings);
        BenchInstance[] instances = [first, second];
        Console.Error.WriteLine($"Two instances on PostgreSQL and moto; logs in {work}.");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(2) };
        var tokens = new string[owners];
        await Parallel.ForEachAsync(Enumerable.Range(0, owners), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var register = await http.PostAsJsonAsync($"{instances[i % 2].BaseUrl}/api/auth/register",
                new { email = $"owner-{i}@example.com", password = "benchmark-password" }, ct);
            register.EnsureSuccessStatusCode();
            tokens[i] = (await register.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
        });
        await WarmUpAsync(http, instances, postgres.ConnectionString);
        await SeedUsersAsync(postgres.ConnectionString, users - owners - WarmUpOwners);

        var created = new ConcurrentBag<(string Id, string Token)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, projects), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var create = Request(HttpMethod.Post, $"{instances[i % 2].BaseUrl}/api/projects", tokens[i / ProjectsPerOwner]);
            create.Content = JsonContent.Create(new { name = $"scale-{i}", prompt = "a to-do list" });
            using var answer = await http.SendAsync(create, ct);
            await EnsureAsync(answer, "create a project");
            created.Add(((await answer.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!, tokens[i / ProjectsPerOwner]));
        });
        var order = created.ToList();
        Console.Error.WriteLine($"{await CountAsync(postgres.ConnectionString, "SELECT count(*) FROM users")} users, {order.Count} projects.");

        // Provision every project at once, half of the requests through each instance, while readers keep listing.
        using var stopReading = new CancellationTokenSource();
        var reads = new ConcurrentBag<TimedRead>();
        var sinceReading = Stopwatch.StartNew();
        var readers = Enumerable.Range(0, Readers).Select(r => ReadAsync(http, instances, tokens, r, sinceReading, reads, stopReading.Token)).ToList();
        var before = Cpu(instances, moto, postgres);
        var callsBefore = await AwsCallsAsync(http, instances);
        var listsTimedBefore = await ListDurationsAsync(http, instances);
        var provisionStart = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, order.Count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            using var provision = Request(HttpMethod.Post, $"{instances[i % 2].BaseUrl}/api/projects/{order[i].Id}/infrastructure", order[i].Token);
            using var answer = await http.SendAsync(provision, ct);
            await EnsureAsync(answer, "request provisioning");
        });
        var requestsAnswered = (Seconds: watch.Elapsed.TotalSeconds, At: sinceReading.Elapsed);
        await WaitForAsync(postgres.ConnectionString, "deployed", projects);
        var provisionSeconds = watch.Elapsed.TotalSeconds;
        var provisioned = Cpu(instances, moto, postgres);
        var callsProvisioned = await AwsCallsAsync(http, instances);
        await stopReading.CancelAsync();
        await Task.WhenAll(readers);
        var listsTimed = await ListDurationsAsync(http, instances);

        var resourcesPerProject = await CountAsync(postgres.ConnectionString,
            "SELECT count(*) FROM (SELECT \"ProjectId\" FROM resources WHERE \"Status\" = 'ready' GROUP BY \"ProjectId\" HAVING count(*) = 5) p");
        var cloud = await CloudAsync(moto.Url);
        var cloudWhole = order.Count(p => cloud.TryGetValue(p.Id, out var kinds) && kinds.Count == 5 && kinds.Distinct().Count() == 5);
        var cloudTotal = cloud.Values.Sum(k => k.Count);

        // Every project due for automatic cleanup now: the reapers of both instances purge and destroy them.
        var expired = Cpu(instances, moto, postgres);
        var callsExpired = await AwsCallsAsync(http, instances); // not callsProvisioned: the drift checks during the cloud check above are no reaping
        var reapStart = DateTimeOffset.UtcNow;
        await ExecuteAsync(postgres.ConnectionString, "UPDATE projects SET \"ExpiresAt\" = now() - interval '1 second'");
        watch.Restart();
        await WaitForAsync(postgres.ConnectionString, "destroyed", projects);
        var destroySeconds = watch.Elapsed.TotalSeconds;
        var destroyed = Cpu(instances, moto, postgres);
        var callsDestroyed = await AwsCallsAsync(http, instances);
        var left = (await CloudAsync(moto.Url)).Values.Sum(k => k.Count);

        string Reads(Func<TimedRead, bool> which)
        {
            var sorted = reads.Where(which).Select(r => r.Milliseconds).Order().ToList();
            double Percentile(double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
            return $"{sorted.Count:N0}, {Percentile(0.5):F1} ms / {Percentile(0.99):F1} ms";
        }

        var provisionCpu = Seconds(provisioned, before);
        var destroyCpu = Seconds(destroyed, expired);
        string Row(string name, string value) => $"| {name} | {value} |";
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(Row("users (registered owners, the warm-up's + seeded)", $"{users:N0} ({owners}, {WarmUpOwners} + {users - owners - WarmUpOwners:N0})"));
        Console.WriteLine(Row($"projects provisioned at once over 2 instances", $"{projects:N0} in {provisionSeconds:F0} s = {projects / provisionSeconds:F1} stacks/s"));
        Console.WriteLine(Row("deployed with exactly 5 ready resources (database)", $"{resourcesPerProject:N0} of {projects:N0}"));
        Console.WriteLine(Row("tagged resources in moto / whole stacks, none twice", $"{cloudTotal:N0} / {cloudWhole:N0} (expected {5 * projects:N0} / {projects:N0})"));
        Console.WriteLine(Row("CPU while provisioning: instance a / b / moto", $"{provisionCpu.A:F0} s / {provisionCpu.B:F0} s / {provisionCpu.Moto:F0} s"));
        Console.WriteLine(Row($"provisioning: CPU-bound time ((a + b + moto) / {Environment.ProcessorCount} cores) / wall", $"{100 * provisionCpu.Busy / provisionSeconds:F0}%"));
        Console.WriteLine(Row("provisioning: moto CPU / wall", $"{100 * provisionCpu.Moto / provisionSeconds:F0}%"));
        Console.WriteLine(Row(MachineRowName, MachineRow(provisionCpu, provisionSeconds)));
        Console.WriteLine(Row(WaitsRowName, MotoAcceptWait(provisioned, before)));
        Console.WriteLine(Row($"GET /api/projects during provisioning ({Readers} readers, {ReaderPause.TotalMilliseconds:F0} ms apart): reads, p50 / p99 (target p99 < 25 ms)",
            Reads(_ => true)));
        Console.WriteLine(Row($"the same reads, started while the {projects:N0} provisioning requests were answered (first {requestsAnswered.Seconds:F1} s) / after: reads, p50 / p99",
            $"{Reads(r => r.Start < requestsAnswered.At)}; {Reads(r => r.Start >= requestsAnswered.At)}"));
        Console.WriteLine(Row("the same reads as the instances timed them (their /metrics, from parsed request to answer): within 25 ms; p50 / p99 at most",
            ServerSide(listsTimedBefore, listsTimed)));
        Console.WriteLine(Row("peak RSS: instance a / b (target < 300 MB each)", $"{first.PeakResidentMegabytes:F0} MB / {second.PeakResidentMegabytes:F0} MB"));
        Console.WriteLine(Row("reaper: all expired to all destroyed", $"{destroySeconds:F0} s = {projects / destroySeconds:F1} stacks/s"));
        Console.WriteLine(Row("CPU while destroying: instance a / b / moto", $"{destroyCpu.A:F0} s / {destroyCpu.B:F0} s / {destroyCpu.Moto:F0} s"));
        // moto serves from one Python process, so its CPU per stack bounds the rate at one core's worth.
        Console.WriteLine(Row("reaper rate / rate moto's CPU allows (moto CPU / wall; target >= 80%)", $"{100 * destroyCpu.Moto / destroySeconds:F0}%"));
        Console.WriteLine(Row($"reaper: CPU-bound time ((a + b + moto) / {Environment.ProcessorCount} cores) / wall", $"{100 * destroyCpu.Busy / destroySeconds:F0}%"));
        Console.WriteLine(Row(MachineRowName, MachineRow(destroyCpu, destroySeconds)));
        Console.WriteLine(Row(WaitsRowName, MotoAcceptWait(destroyed, expired)));
        Console.WriteLine(Row("tagged resources left in moto", left.ToString(CultureInfo.InvariantCulture)));
        PrintAwsCalls(("provisioning", callsBefore, callsProvisioned, provisionCpu.Moto), ("reaping", callsExpired, callsDestroyed, destroyCpu.Moto));
        await PrintStepGapsAsync(postgres.ConnectionString, ("provisioning", provisionStart, reapStart), ("reaping", reapStart, DateTimeOffset.UtcNow));
    }

    /// <summary>Both instances' histograms of GET /api/projects (the route group's template ends in a slash), summed.</summary>
    private static async Task<SortedDictionary<double, long>> ListDurationsAsync(HttpClient http, BenchInstance[] instances)
    {
        var sum = new SortedDictionary<double, long>();
        foreach (var instance in instances)
        {
            foreach (var (bound, count) in await instance.RequestDurationsAsync(http, "/api/projects/"))
            {
                sum[bound] = sum.GetValueOrDefault(bound) + count;
            }
        }

        return sum;
    }

    /// <summary>
    /// The share of the phase's requests answered within 25 ms, and the bucket bounds under which half and 99% of them
    /// were answered: as closely as the histogram's buckets tell (the default ones of ASP.NET Core: 5, 10, 25, 50 ms...).
    /// </summary>
    private static string ServerSide(SortedDictionary<double, long> before, SortedDictionary<double, long> after)
    {
        var phase = after.Select(b => (Bound: b.Key, Count: b.Value - before.GetValueOrDefault(b.Key))).ToList();
        var total = phase.Count == 0 ? 0 : phase[^1].Count;
        if (total == 0)
        {
            return "no requests counted";
        }

        string AtMost(double share)
        {
            var bound = phase.First(b => b.Count >= share * total).Bound;
            return double.IsPositiveInfinity(bound) ? $"over {1000 * phase[^2].Bound:F0} ms" : $"{1000 * bound:F0} ms";
        }

        var within25 = phase.LastOrDefault(b => b.Bound <= 0.025).Count;
        return $"{100.0 * within25 / total:F1}% of {total:N0}; {AtMost(0.5)} / {AtMost(0.99)}";
    }

    private static readonly string MachineRowName =
        $"PostgreSQL CPU; the machine's {Environment.ProcessorCount} cores: busy / taken by the host (steal), of wall x cores";

    private const string WaitsRowName = "moto's accepting thread: ready to run but waiting for a core";

    private static string MachineRow(CpuSeconds cpu, double wall) =>
        $"{cpu.Postgres:F0} s; {100 * cpu.Machine / (wall * Environment.ProcessorCount):F0}% / {100 * cpu.Stolen / (wall * Environment.ProcessorCount):F0}%";

    private static async Task<Dictionary<string, (long Calls, double Seconds)>> AwsCallsAsync(HttpClient http, BenchInstance[] instances)
    {
        var all = new Dictionary<string, (long Calls, double Seconds)>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            foreach (var (key, (calls, seconds)) in await instance.AwsCallsAsync(http))
            {
                var sum = all.GetValueOrDefault(key);
                all[key] = (sum.Calls + calls, sum.Seconds + seconds);
            }
        }

        return all;
    }

    /// <summary>
    /// The AWS calls of each phase as the instances saw them (their /metrics): how many, and how long each took from
    /// sending to the whole answer, against moto's CPU per call. A call that takes much longer than moto's CPU for it
    /// waited: in moto's queue, for a connection, or for the instance to get a core and read the answer.
    /// </summary>
    private static void PrintAwsCalls(params (string Name, Dictionary<string, (long Calls, double Seconds)> From, Dictionary<string, (long Calls, double Seconds)> To, double MotoCpu)[] phases)
    {
        Console.WriteLine();
        Console.WriteLine("| phase | AWS call (both instances) | calls | mean duration | share of the phase's call time |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, from, to, motoCpu) in phases)
        {
            var calls = to.Select(c => (Key: c.Key, Calls: c.Value.Calls - from.GetValueOrDefault(c.Key).Calls, Seconds: c.Value.Seconds - from.GetValueOrDefault(c.Key).Seconds))
                .Where(c => c.Calls > 0).OrderByDescending(c => c.Seconds).ToList();
            var (total, seconds) = (calls.Sum(c => c.Calls), calls.Sum(c => c.Seconds));
            Console.WriteLine($"| {name} | all, against moto's CPU per call {1000 * motoCpu / Math.Max(1, total):F1} ms | {total:N0} | {1000 * seconds / Math.Max(1, total):F1} ms | 100% |");
            foreach (var call in calls)
            {
                Console.WriteLine($"| {name} | {call.Key} | {call.Calls:N0} | {1000 * call.Seconds / call.Calls:F1} ms | {100 * call.Seconds / seconds:F0}% |");
            }
        }
    }

    /// <summary>
    /// Where a stack's wall time goes: the time from each of a project's events to the next, by the later event (names
    /// and numbers blanked), in each phase. A step whose gap is much longer than the CPU it needs waited for something.
    /// </summary>
    private static async Task PrintStepGapsAsync(string connectionString, params (string Name, DateTimeOffset From, DateTimeOffset To)[] phases)
    {
        const string Sql = """
            WITH e AS (
                SELECT "Operation" AS operation,
                       regexp_replace(regexp_replace("Message", 'ps-[^ ]+', '…', 'g'), '\m[0-9][0-9:.TZ-]*', '#', 'g') AS step,
                       "At" - lag("At") OVER (PARTITION BY "ProjectId" ORDER BY "Seq") AS gap
                FROM project_events WHERE "At" >= @from AND "At" < @to)
            SELECT operation, step, count(*), (avg(extract(epoch FROM gap)) * 1000)::float8,
                   (percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM gap)::float8) * 1000)::float8
            FROM e WHERE gap IS NOT NULL GROUP BY operation, step ORDER BY 4 DESC LIMIT 12
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Console.WriteLine();
        Console.WriteLine("| phase | operation: event (the later of two) | count | mean gap | p90 gap |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, from, to) in phases)
        {
            await using var command = new NpgsqlCommand(Sql, connection);
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", to);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine($"| {name} | {reader.GetString(0)}: {reader.GetString(1)} | {reader.GetInt64(2):N0} | {reader.GetDouble(3):F0} ms | {reader.GetDouble(4):F0} ms |");
            }
        }
    }

    private readonly record struct TimedRead(TimeSpan Start, double Milliseconds);

    private static async Task ReadAsync(
        HttpClient http, BenchInstance[] instances, string[] tokens, int reader, Stopwatch since, ConcurrentBag<TimedRead> reads, CancellationToken stop)
    {
        var random = new Random(reader);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var list = Request(HttpMethod.Get, $"{instances[reader % 2].BaseUrl}/api/projects", tokens[random.Next(tokens.Length)]);
                var start = since.Elapsed;
                using var answer = await http.SendAsync(list, stop);
                await answer.Content.LoadIntoBufferAsync(stop);
                reads.Add(new TimedRead(start, (since.Elapsed - start).TotalMilliseconds));
                answer.EnsureSuccessStatusCode();
                await Task.Delay(ReaderPause, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A server that has run for a while has compiled its hot paths to optimized code; a freshly started one runs them
    /// unoptimized and compiles them again after about 30 calls each (tiered JIT). Measured from the first request, the
    /// provisioning would carry that cost (profiles of the first 5 s: a sixth of an instance's CPU in the JIT, a ninth
    /// after this warm-up).
    /// So, as the provisioning benchmark does, the paths run first: <see cref="WarmUpOwners"/> more users provision,
    /// list, destroy and delete ten projects each, half through each instance, and nothing of theirs is left in the
    /// database or the cloud (the checks after provisioning would count it).
    /// </summary>
    private static async Task WarmUpAsync(HttpClient http, BenchInstance[] instances, string connectionString)
    {
        var projects = new List<(string Id, string Token)>();
        for (var owner = 0; owner < WarmUpOwners; owner++)
        {
            var register = await http.PostAsJsonAsync($"{instances[owner % 2].BaseUrl}/api/auth/register",
                new { email = $"warm-up-{owner}@example.com", password = "benchmark-password" });
            register.EnsureSuccessStatusCode();
            var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            for (var i = 0; i < ProjectsPerOwner; i++)
            {
                using var create = Request(HttpMethod.Post, $"{instances[i % 2].BaseUrl}/api/projects", token);
                create.Content = JsonContent.Create(new { name = $"warm-up-{i}", prompt = "a to-do list" });
                using var answer = await http.SendAsync(create);
                await EnsureAsync(answer, "create a warm-up project");
                projects.Add(((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, token));
            }
        }

        async Task EachAsync(HttpMethod method, Func<string, string> path, string what) =>
            await Parallel.ForEachAsync(Enumerable.Range(0, projects.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                using var request = Request(method, $"{instances[i % 2].BaseUrl}{path(projects[i].Id)}", projects[i].Token);
                using var answer = await http.SendAsync(request, ct);
                await EnsureAsync(answer, what);
            });

        await EachAsync(HttpMethod.Post, id => $"/api/projects/{id}/infrastructure", "provision a warm-up project");
        await WaitForAsync(connectionString, "deployed", projects.Count);
        await EachAsync(HttpMethod.Get, _ => "/api/projects", "list the warm-up projects");
        await EachAsync(HttpMethod.Delete, id => $"/api/projects/{id}/infrastructure", "destroy a warm-up project");
        await WaitForAsync(connectionString, "destroyed", projects.Count);
        await EachAsync(HttpMethod.Delete, id => $"/api/projects/{id}", "delete a warm-up project");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the last methods' optimized compilation, in the background
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string token)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record CpuReading(TimeSpan A, TimeSpan B, TimeSpan Moto, TimeSpan Postgres, TimeSpan Machine, TimeSpan Stolen, TimeSpan MotoAcceptWait);

    private static CpuReading Cpu(BenchInstance[] instances, MotoServer moto, BenchPostgres postgres)
    {
        var machine = ProcStat.Machine();
        return new(instances[0].ProcessorTime, instances[1].ProcessorTime, moto.ProcessorTime, postgres.ProcessorTime, machine.Busy, machine.Stolen,
            ProcStat.MainThreadRunQueueWait(moto.ProcessId));
    }

    /// <summary>
    /// Seconds moto's main thread spent ready to run but waiting for a core between two readings. It accepts every
    /// connection (one per call, since moto closes each) and starts the thread that serves it, so each call waits for it.
    /// </summary>
    private static string MotoAcceptWait(CpuReading end, CpuReading start) => $"{(end.MotoAcceptWait - start.MotoAcceptWait).TotalSeconds:F1} s";

    /// <summary>
    /// CPU seconds between two readings: of each process, of PostgreSQL, of the whole machine (everything else: the
    /// benchmark's own clients, the kernel's network work) and taken by the host.
    /// </summary>
    private sealed record CpuSeconds(double A, double B, double Moto, double Postgres, double Machine, double Stolen)
    {
        /// <summary>The time the instances and moto would take with every core busy.</summary>
        public double Busy => (A + B + Moto) / Environment.ProcessorCount;
    }

    private static CpuSeconds Seconds(CpuReading end, CpuReading start) => new(
        (end.A - start.A).TotalSeconds, (end.B - start.B).TotalSeconds, (end.Moto - start.Moto).TotalSeconds,
        (end.Postgres - start.Postgres).TotalSeconds, (end.Machine - start.Machine).TotalSeconds, (end.Stolen - start.Stolen).TotalSeconds);

    /// <summary>Users beyond the owners go straight into the table, each with the first owner's password hash.</summary>
    private static Task SeedUsersAsync(string connectionString, int count) => ExecuteAsync(connectionString,
        $"""
        INSERT INTO users ("Id", "Email", "PasswordHash", "CreatedAt", "QuotaVersion", "IsAdmin")
        SELECT gen_random_uuid(), 'seeded-' || g || '@example.com', u."PasswordHash", now(), 0, false
        FROM generate_series(1, {count}) g, (SELECT "PasswordHash" FROM users LIMIT 1) u
        """);

    /// <summary>Polls the database (not the servers, to leave them to the work) until every project has the status; fails on a failed one.</summary>
    private static async Task WaitForAsync(string connectionString, string status, int projects)
    {
        var watch = Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        while (true)
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var reader = await new NpgsqlCommand("SELECT lower(\"InfrastructureStatus\"), count(*) FROM projects GROUP BY 1", connection).ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    counts[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            if (counts.GetValueOrDefault(status) == projects)
            {
                return;
            }

            if (counts.GetValueOrDefault("failed") > 0 || watch.Elapsed > Patience)
            {
                var errors = await FirstErrorsAsync(connectionString);
                throw new InvalidOperationException($"Waiting for {status}: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}; {errors}");
            }

            if (watch.Elapsed - reported >= TimeSpan.FromSeconds(15))
            {
                reported = watch.Elapsed;
                Console.Error.WriteLine($"{watch.Elapsed.TotalSeconds:F0} s: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}");
            }

            await Task.Delay(1000);
        }
    }

    private static async Task<string> FirstErrorsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var reader = await new NpgsqlCommand("SELECT \"InfrastructureError\" FROM projects WHERE \"InfrastructureError\" IS NOT NULL LIMIT 3", connection).ExecuteReaderAsync();
        var errors = new List<string>();
        while (await reader.ReadAsync())
        {
            errors.Add(reader.GetString(0));
        }

        return string.Join(" | ", errors);
    }

    /// <summary>Every resource the platform's own drivers list as managed (tagged), grouped by its ProjectId tag: the kinds of each.</summary>
    private static async Task<Dictionary<string, List<string>>> CloudAsync(string motoUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = motoUrl }).Build();
        await using var services = new ServiceCollection().AddLogging().AddProvisioning(configuration).AddAwsDrivers(configuration).BuildServiceProvider();
        var found = new List<ManagedResource>();
        foreach (var driver in services.GetRequiredService<IEnumerable<IResourceDriver>>())
        {
            found.AddRange(await driver.ListManagedAsync(CancellationToken.None));
        }

        return found.GroupBy(r => r.ProjectId?.ToString() ?? "none", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Kind).ToList(), StringComparer.Ordinal);
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }
}
