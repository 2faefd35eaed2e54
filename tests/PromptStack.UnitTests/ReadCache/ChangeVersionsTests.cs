using PromptStack.Web.Infrastructure.ReadCache;

namespace PromptStack.UnitTests.ReadCache;

/// <summary>Which cached data a write's SQL touches, in the forms EF Core writes on SQLite (quoted) and PostgreSQL (not).</summary>
public sealed class ChangeVersionsTests
{
    [Theory]
    [InlineData("UPDATE \"user_sessions\" AS \"u\" SET \"EndedAt\" = @p WHERE \"u\".\"Id\" = @id", ChangedData.SignIns)]
    [InlineData("UPDATE user_sessions AS u SET \"EndedAt\" = @p WHERE u.\"Id\" = @id", ChangedData.SignIns)]
    [InlineData("UPDATE projects AS p SET \"Name\" = @p0 WHERE p.\"Id\" = @id", ChangedData.Projects)]
    [InlineData("INSERT INTO \"resources\" (\"ProjectId\", \"Kind\") VALUES (@p0, @p1) RETURNING \"Id\";", ChangedData.Projects)]
    [InlineData("DELETE FROM users WHERE \"Id\" = @p0", ChangedData.SignIns | ChangedData.Projects)]
    [InlineData("UPDATE \"users\" SET \"IsAdmin\" = @p0", ChangedData.SignIns | ChangedData.Projects)]
    [InlineData("INSERT INTO project_events (\"ProjectId\", \"Message\") VALUES (@p0, @p1)", ChangedData.None)]
    [InlineData("UPDATE refresh_tokens SET \"UsedAt\" = @p0 WHERE \"Id\" = @p1", ChangedData.None)]
    [InlineData("SELECT p.\"Id\" FROM projects AS p", ChangedData.None)]
    public void Of_WriteSql_NamesTheCachedDataItTouches(string sql, ChangedData expected) =>
        Assert.Equal(expected, ChangeVersions.Of(sql));
}
