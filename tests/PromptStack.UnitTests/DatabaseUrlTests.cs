using PromptStack.Web.Infrastructure;

namespace PromptStack.UnitTests;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void ToNpgsqlConnectionString_Url_IsConverted()
    {
        var cs = DatabaseSetup.ToNpgsqlConnectionString("postgres://app:p%40ss@db.internal:6543/promptstack?sslmode=require");

        Assert.Contains("Host=db.internal", cs, StringComparison.Ordinal);
        Assert.Contains("Port=6543", cs, StringComparison.Ordinal);
        Assert.Contains("Database=promptstack", cs, StringComparison.Ordinal);
        Assert.Contains("Username=app", cs, StringComparison.Ordinal);
        Assert.Contains("Password=p@ss", cs, StringComparison.Ordinal);
        Assert.Contains("SSL Mode=Require", cs, StringComparison.Ordinal);
    }

    [Fact]
    public void ToNpgsqlConnectionString_KeyValueString_IsKept()
    {
        const string cs = "Host=localhost;Database=x;Username=y";

        Assert.Equal(cs, DatabaseSetup.ToNpgsqlConnectionString(cs));
    }

    [Fact]
    public void WithIdleTransactionTimeout_NoneSet_AddsThirtySeconds()
    {
        var cs = DatabaseSetup.WithIdleTransactionTimeout("Host=localhost;Database=x;Options=-c statement_timeout=5000");

        Assert.Contains("-c statement_timeout=5000 -c idle_in_transaction_session_timeout=30000", cs, StringComparison.Ordinal);
    }

    [Fact]
    public void WithIdleTransactionTimeout_OwnLimitSet_IsKept()
    {
        const string cs = "Host=localhost;Database=x;Options=-c idle_in_transaction_session_timeout=5000";

        Assert.Equal(cs, DatabaseSetup.WithIdleTransactionTimeout(cs));
    }
}
