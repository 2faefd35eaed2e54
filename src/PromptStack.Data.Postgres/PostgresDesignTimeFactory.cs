using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PromptStack.Data.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context for PostgreSQL (no connection is opened).</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PromptStackDbContext>
{
    public PromptStackDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PromptStackDbContext>()
            .UseNpgsql("Host=localhost;Database=promptstack", o => o.MigrationsAssembly(typeof(PostgresDesignTimeFactory).Assembly.GetName().Name))
            .Options);
}
