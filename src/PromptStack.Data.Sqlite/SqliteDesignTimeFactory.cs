using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PromptStack.Data.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context for SQLite.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<PromptStackDbContext>
{
    public PromptStackDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PromptStackDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsAssembly(typeof(SqliteDesignTimeFactory).Assembly.GetName().Name))
            .Options);
}
