using System.Diagnostics;
using Npgsql;

namespace PromptStack.Bench;

/// <summary>A throw-away PostgreSQL server started by the tests' own script, with one new database; stopped on dispose.</summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string _directory;

    private BenchPostgres(string directory, string connectionString)
    {
        _directory = directory;
        ConnectionString = connectionString;
    }

    /// <summary>The new database's connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// CPU time of the server: the postmaster's own, that of the backends that have ended (the postmaster waits for
    /// them, so the kernel adds theirs to its children's time) and that of every backend running now.
    /// </summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            var ticks = ProcStat.Read(Postmaster)?.WithEndedChildren ?? 0;
            foreach (var backend in Backends())
            {
                ticks += ProcStat.Read(backend)?.Ticks ?? 0;
            }

            return ProcStat.ToTime(ticks);
        }
    }

    private int Postmaster => int.Parse(File.ReadLines(Path.Combine(_directory, "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    private List<int> Backends()
    {
        var postmaster = Postmaster;
        var backends = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && ProcStat.Read(pid) is { } stat && stat.Parent == postmaster)
            {
                backends.Add(pid);
            }
        }

        return backends;
    }

    public static async Task<BenchPostgres> StartAsync()
    {
        var start = Process.Start(new ProcessStartInfo("bash", [Path.Combine(BenchPaths.Root, "scripts", "start-postgres.sh")]) { RedirectStandardOutput = true })!;
        var exports = await start.StandardOutput.ReadToEndAsync();
        await start.WaitForExitAsync();
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException("scripts/start-postgres.sh failed: is PostgreSQL installed (apt-get install -y postgresql)?");
        }

        // The script prints: export PROMPTSTACK_TEST_POSTGRES='...' and export PG_TEST_DIR='...'.
        var server = exports.Split('\'')[1];
        var directory = exports.Split('\'')[3];
        var database = "bench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        }

        return new BenchPostgres(directory, new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        using var stop = Process.Start("bash", [Path.Combine(BenchPaths.Root, "scripts", "stop-postgres.sh"), _directory]);
        await stop.WaitForExitAsync();
    }
}

/// <summary>Reads /proc: a process's parent and CPU clock ticks, and the machine's busy ticks over all cores.</summary>
public static class ProcStat
{
    // Linux reports CPU time in clock ticks of USER_HZ, 100 per second on every platform .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan ToTime(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    /// <summary>
    /// Parent and user + system ticks of a process, and the same with its ended (waited-for) children's, or null when
    /// it has gone.
    /// </summary>
    public static (int Parent, long Ticks, long WithEndedChildren)? Read(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; the fields after it start past its closing parenthesis.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int index) => long.Parse(fields[index], System.Globalization.CultureInfo.InvariantCulture);
            var own = Field(11) + Field(12);
            return (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), own, own + Field(13) + Field(14));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Time a process's main thread spent ready to run but waiting for a core (the kernel's run-queue delay,
    /// /proc/PID/schedstat): how much a busy machine held that thread back. Only live threads have the figure, so
    /// a process whose threads come and go has no total.
    /// </summary>
    public static TimeSpan MainThreadRunQueueWait(int pid)
    {
        var nanoseconds = long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    /// <summary>
    /// Time the machine's cores spent running anything (summed over cores), and time the host took from them for
    /// others (steal: this machine wanted to run and was not let).
    /// </summary>
    public static (TimeSpan Busy, TimeSpan Stolen) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        return (ToTime(fields[0] + fields[1] + fields[2] + fields[5] + fields[6]), ToTime(fields[7]));
    }
}

public static class BenchPaths
{
    /// <summary>The repository: the folder above the build output that holds PromptStack.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The server the scale run starts: BENCH_SERVER_DLL when set (a published build, say), else the server's build in
    /// the bench's own configuration (building the bench builds it).
    /// </summary>
    public static string WebDll
    {
        get
        {
            if (Environment.GetEnvironmentVariable("BENCH_SERVER_DLL") is { Length: > 0 } published)
            {
                return Path.GetFullPath(published);
            }

            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(Root, "src", "PromptStack.Web", "bin", output.Parent!.Name, output.Name, "PromptStack.Web.dll");
        }
    }

    private static string FindRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PromptStack.slnx")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository.");
    }
}
