namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>The default embedded mode: a SQLite file in a temporary data directory.</summary>
public class SqliteApp : PromptStackApp
{
    public override string DatabaseName => "SQLite";
}
