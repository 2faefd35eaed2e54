using Npgsql;
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
    public void WithConnectionDefaults_NoneSet_AddsThemAll()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults("Host=localhost;Database=x;Options=-c statement_timeout=5000"));

        Assert.Equal("-c statement_timeout=5000 -c idle_in_transaction_session_timeout=30000", cs.Options);
        Assert.Equal(64, cs.MaxAutoPrepare);
        Assert.True(cs.NoResetOnClose);
    }

    [Fact]
    public void WithConnectionDefaults_OwnSettings_AreKept()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults(
            "Host=localhost;Database=x;Options=-c idle_in_transaction_session_timeout=5000;Max Auto Prepare=0;NoResetOnClose=false"));

        Assert.Equal("-c idle_in_transaction_session_timeout=5000", cs.Options);
        Assert.Equal(0, cs.MaxAutoPrepare);
        Assert.False(cs.NoResetOnClose);
    }

    [Fact]
    public void WithConnectionDefaults_PreparationOffInUrl_IsKept()
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults(
            DatabaseSetup.ToNpgsqlConnectionString("postgres://app@db:6432/promptstack?MaxAutoPrepare=0")));

        Assert.Equal(0, cs.MaxAutoPrepare);
        Assert.True(cs.NoResetOnClose);
    }
}
