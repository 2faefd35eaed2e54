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
            var postmaster = int.Parse(File.ReadLines(Path.Combine(_directory, "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
            var ticks = ProcStat.Read(postmaster)?.WithEndedChildren ?? 0;
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(folder), out var pid) && ProcStat.Read(pid) is { } stat && stat.Parent == postmaster)
                {
                    ticks += stat.Ticks;
                }
            }

            return ProcStat.ToTime(ticks);
        }
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
