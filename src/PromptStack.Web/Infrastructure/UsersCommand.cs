using Microsoft.EntityFrameworkCore;
using PromptStack.Data;

namespace PromptStack.Web.Infrastructure;

/// <summary>
/// <c>PromptStack.Web users grant-admin EMAIL</c> and <c>users revoke-admin EMAIL</c>: the only way an
/// account gains or loses the admin role, run by an operator against the configured database.
/// </summary>
public static class UsersCommand
{
    public const string Usage = "usage: PromptStack.Web users grant-admin <e-mail> | users revoke-admin <e-mail>";

    /// <summary>The process entry: the same database settings as the server (DATA_DIR or DATABASE_URL).</summary>
    public static async Task<int> MainAsync(string[] args, TextWriter output)
    {
        if (Parse(args) is null)
        {
            output.WriteLine(Usage);
            return 2;
        }

        // No command-line configuration: the e-mail is an argument, not a setting.
        var builder = Host.CreateApplicationBuilder();
        // Only warnings, so an operator sees the one answer line rather than EF's SQL.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDatabase(builder.Configuration);
        using var host = builder.Build();
        if (!DatabaseSetup.UsesPostgres(builder.Configuration) || builder.Configuration.GetValue("MIGRATE_ON_START", false))
        {
            // As the server does on start, so a fresh data directory works.
            await DatabaseSetup.MigrateAsync(host.Services);
        }

        return await RunAsync(args, host.Services, output);
    }

    /// <summary>Runs the command against <paramref name="services"/>' database; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        if (Parse(args) is not { } parsed)
        {
            output.WriteLine(Usage);
            return 2;
        }

        var (email, admin) = parsed;

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        if (!await SetAdminAsync(db, email, admin, cancellationToken))
        {
            output.WriteLine($"No account with the e-mail {email}.");
            return 1;
        }

        output.WriteLine(admin ? $"{email} is now an admin." : $"{email} is no longer an admin.");
        return 0;
    }

    /// <summary>Sets or clears <c>User.IsAdmin</c>; false when no account has <paramref name="email"/>.</summary>
    public static async Task<bool> SetAdminAsync(PromptStackDbContext db, string email, bool admin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalized = Normalize(email);
        var changed = await db.Users
            .Where(u => u.Email == normalized)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, admin), cancellationToken);
        return changed > 0;
    }

    // Registration stores e-mails trimmed and lower-cased; look them up the same way.
    private static string Normalize(string email) => email.Trim().ToLowerInvariant();

    private static (string Email, bool Admin)? Parse(string[] args) => args switch
    {
        ["users", "grant-admin", var email] when !string.IsNullOrWhiteSpace(email) => (Normalize(email), true),
        ["users", "revoke-admin", var email] when !string.IsNullOrWhiteSpace(email) => (Normalize(email), false),
        _ => null,
    };
}
