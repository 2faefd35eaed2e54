using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PromptStack.Data.Entities;

namespace PromptStack.Data;

public sealed class PromptStackDbContext(DbContextOptions<PromptStackDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<User> Users => Set<User>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<PreviewTicket> PreviewTickets => Set<PreviewTicket>();

    /// <summary>The ASP.NET Core data-protection key ring, shared by every instance (cookies, antiforgery, circuits).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Resource> Resources => Set<Resource>();
    public DbSet<ProjectEvent> ProjectEvents => Set<ProjectEvent>();
    public DbSet<OperationRecord> Operations => Set<OperationRecord>();
    public DbSet<CleanupCounter> CleanupCounters => Set<CleanupCounter>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<AlertClaim> AlertClaims => Set<AlertClaim>();
    public DbSet<AlertDelivery> AlertDeliveries => Set<AlertDelivery>();

    /// <summary>True when the provider is SQLite, which needs a few type conversions.</summary>
    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PromptStackDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(20);
        if (IsSqlite)
        {
            // SQLite can neither compare DateTimeOffset text nor sum decimals: store ticks and doubles.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
        }
        else
        {
            configurationBuilder.Properties<decimal>().HavePrecision(18, 6);
        }
    }
}
