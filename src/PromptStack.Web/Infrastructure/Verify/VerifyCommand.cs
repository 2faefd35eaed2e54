using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptStack.Data;
using PromptStack.Provisioning;
using PromptStack.Provisioning.Aws;

namespace PromptStack.Web.Infrastructure.Verify;

/// <summary>
/// <c>PromptStack.Web verify</c>: checks a deployment's settings, database, JWT secret and cloud with the very
/// registrations the server uses (AddDatabase, AddProvisioning, AddAwsDrivers), prints a checklist and exits
/// 0 when everything passed, 1 when a check failed, 2 on bad arguments. It changes nothing that outlives it.
/// </summary>
public static class VerifyCommand
{
    public const string Usage = "usage: PromptStack.Web verify   (checks the settings, database, JWT secret and cloud the server would use; " +
                                "exit 0 all passed, 1 a check failed, 2 bad arguments)";

    /// <summary>The process entry: the server's configuration (appsettings.json beside the program, environment variables).</summary>
    public static async Task<int> MainAsync(string[] args, TextWriter output)
    {
        if (!IsValid(args))
        {
            output.WriteLine(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        return await RunAsync(args, builder.Configuration, output);
    }

    /// <summary>Runs every check against <paramref name="configuration"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!IsValid(args))
        {
            output.WriteLine(Usage);
            return 2;
        }

        // Registered but never started: no reconciler, reaper or sweeper runs, and no logger writes (verify prints its own lines).
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddDatabase(configuration);
        services.AddProvisioning(configuration);
        services.AddAwsDrivers(configuration);
        await using var provider = services.BuildServiceProvider();

        var checklist = new Checklist(output);
        var settingsValid = CheckSettings(provider, checklist);
        await CheckDatabaseAsync(provider, configuration, checklist, cancellationToken);
        CheckJwtSecret(configuration, checklist);
        if (settingsValid)
        {
            await CloudChecks.RunAsync(provider, checklist, cancellationToken);
        }
        else
        {
            checklist.Skip("Cloud", "not tried until the settings above are fixed");
        }

        return checklist.Finish();
    }

    private static bool IsValid(string[] args) => args is ["verify"];

    /// <summary>The same validation that stops the server at start, one message per bad variable.</summary>
    private static bool CheckSettings(IServiceProvider provider, Checklist checklist)
    {
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
            checklist.Ok("Settings", "engine and AWS settings are valid");
            return true;
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
        {
            var failures = ex is AggregateException all
                ? all.Flatten().InnerExceptions.SelectMany(e => e is OptionsValidationException o ? o.Failures : [e.Message])
                : ((OptionsValidationException)ex).Failures;
            checklist.Fail("Settings", string.Join(" ", failures));
            return false;
        }
    }

    private static async Task CheckDatabaseAsync(IServiceProvider provider, IConfiguration configuration, Checklist checklist, CancellationToken cancellationToken)
    {
        const string check = "Database";
        var postgres = DatabaseSetup.UsesPostgres(configuration);
        var name = postgres ? "PostgreSQL" : "SQLite";
        var file = Path.GetFullPath(Path.Combine(PlatformOptions.DataDirectoryOf(configuration), "promptstack.db"));
        if (!postgres && !File.Exists(file))
        {
            // Opening it would create it; the server creates and migrates it at start anyway.
            checklist.Ok(check, $"SQLite, {file} does not exist yet: the server creates and migrates it at start");
            return;
        }

        try
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                checklist.Fail(check, postgres ? "cannot connect to PostgreSQL — check DATABASE_URL" : $"cannot open {file} — check DATA_DIR");
                return;
            }

            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Count();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                checklist.Ok(check, $"{name}, {applied} migrations applied, none pending");
            }
            else if (!postgres || configuration.GetValue("MIGRATE_ON_START", false))
            {
                checklist.Ok(check, $"{name}, {applied} migrations applied, {pending.Count} pending: the server applies them at start");
            }
            else
            {
                checklist.Fail(check, $"{name}, {applied} migrations applied, {pending.Count} pending ({string.Join(", ", pending)}) " +
                                      "— run `PromptStack.Web migrate`");
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            checklist.Fail(check, $"{name}: {ex.Message.Split('\n', 2)[0].Trim()} — check {(postgres ? "DATABASE_URL" : "DATA_DIR")}");
        }
    }

    private static void CheckJwtSecret(IConfiguration configuration, Checklist checklist)
    {
        if (JwtSetup.SecretProblem(configuration) is { } problem)
        {
            checklist.Fail("JWT secret", problem);
        }
        else if (!string.IsNullOrEmpty(configuration["JWT_SECRET"]))
        {
            checklist.Ok("JWT secret", "JWT_SECRET is set and long enough");
        }
        else
        {
            var file = Path.Combine(PlatformOptions.DataDirectoryOf(configuration), "jwt-secret");
            checklist.Ok("JWT secret", File.Exists(file)
                ? $"JWT_SECRET unset: local mode signs with the key kept in {file}"
                : "JWT_SECRET unset: local mode generates a key in DATA_DIR at first start");
        }
    }
}
