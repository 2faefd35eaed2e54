using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using PromptStack.Data;

namespace PromptStack.Web.Infrastructure;

public static class DatabaseSetup
{
    public static bool UsesPostgres(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["DATABASE_URL"]);

    /// <summary>The database context, pooled, with every EF Core interceptor registered as a service (see AddEventStreams).</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var databaseUrl = configuration["DATABASE_URL"];
        if (!string.IsNullOrWhiteSpace(databaseUrl))
        {
            var connectionString = WithConnectionDefaults(ToNpgsqlConnectionString(databaseUrl));
            services.AddDbContextPool<PromptStackDbContext>((sp, o) => o.UseNpgsql(connectionString,
                npgsql => npgsql.MigrationsAssembly("PromptStack.Data.Postgres")).AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            var dataDirectory = PlatformOptions.DataDirectoryOf(configuration);
            Directory.CreateDirectory(dataDirectory);
            var file = Path.Combine(dataDirectory, "promptstack.db");
            services.AddDbContextPool<PromptStackDbContext>((sp, o) => o.UseSqlite($"Data Source={file};Default Timeout=60",
                sqlite => sqlite.MigrationsAssembly("PromptStack.Data.Sqlite")).AddInterceptors(sp.GetServices<IInterceptor>()));
        }

        services.AddHealthChecks().AddDbContextCheck<PromptStackDbContext>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>Applies pending migrations. SQLite is also switched to WAL so readers never wait for the writer.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.IsSqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// The connection settings PromptStack needs, each unless the connection string sets its own:
    /// <list type="bullet">
    /// <item>A session that sits inside a transaction for 30 s is ended. An instance stopped in the middle of a
    /// reconciler write (a long pause, a frozen VM) holds that project's row lock, which would otherwise keep the
    /// instance taking the project over waiting until the stopped one wakes or TCP gives up on it.</item>
    /// <item>The 64 statements a connection runs most are prepared (Max Auto Prepare): an instance runs a few dozen
    /// distinct statements thousands of times, and parsing and planning each again was most of PostgreSQL's CPU.</item>
    /// <item>A connection returned to the pool is not reset (No Reset On Close): PromptStack leaves no session state on
    /// pooled connections (no temporary tables, advisory locks, settings or LISTEN; the event listener has a pool of
    /// its own), and the reset was a statement for every request and write.</item>
    /// </list>
    /// </summary>
    public static string WithConnectionDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Sets(params string[] keys) => keys.Any(given.ContainsKey);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.Ordinal) != true)
        {
            builder.Options = $"{builder.Options} -c idle_in_transaction_session_timeout=30000".Trim();
        }

        if (!Sets("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!Sets("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>Accepts both <c>postgres://user:pass@host:port/db</c> URLs and Npgsql key=value strings.</summary>
    public static string ToNpgsqlConnectionString(string databaseUrl)
    {
        if (!databaseUrl.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !databaseUrl.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return databaseUrl;
        }

        var uri = new Uri(databaseUrl);
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = Uri.UnescapeDataString(userInfo[0]),
        };
        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
        }

        return builder.ConnectionString;
    }
}
