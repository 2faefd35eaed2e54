using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.Data;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Engine;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// The admin statistics' counters are counted by every instance at once (two reapers destroying expired projects):
/// found by the scale benchmark, where the first count of a name raced into a duplicate key and logged failures.
/// </summary>
public abstract class CleanupCounterTests(PromptStackApp app)
{
    [Fact]
    public async Task Add_FortyAtOnceOnANewName_CountsEveryOne_AlsoInsideATransaction()
    {
        var name = "test-" + Guid.NewGuid().ToString("N")[..8];

        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
            if (i % 2 == 0)
            {
                await CleanupCounters.AddAsync(db, name, 2, CancellationToken.None);
                return;
            }

            // A fenced write of the reconciler counts inside its own transaction, which must still commit.
            await using var transaction = await db.Database.BeginTransactionAsync();
            await CleanupCounters.AddAsync(db, name, 2, CancellationToken.None);
            await transaction.CommitAsync();
        }));

        await using var check = app.Services.CreateAsyncScope();
        var counted = await check.ServiceProvider.GetRequiredService<PromptStackDbContext>().CleanupCounters.SingleAsync(c => c.Name == name);
        Assert.Equal(80, counted.Value);
    }
}

public sealed class CleanupCounterTestsOnSqlite(SqliteApp app) : CleanupCounterTests(app), IClassFixture<SqliteApp>;

public sealed class CleanupCounterTestsOnPostgres(PostgresApp app) : CleanupCounterTests(app), IClassFixture<PostgresApp>;
