using System.Text.RegularExpressions;

namespace PromptStack.Web.Infrastructure.ReadCache;

/// <summary>What a write may have changed, as far as the read caches care.</summary>
[Flags]
public enum ChangedData
{
    None = 0,
    /// <summary>Sign-ins and the users they belong to (e-mail, role, deletion).</summary>
    SignIns = 1,
    /// <summary>Projects and their resources.</summary>
    Projects = 2,
}

/// <summary>
/// Counters that move whenever the rows behind a read cache may have changed: in process from
/// <see cref="ChangeInterceptor"/>, and from other instances and processes through PostgreSQL triggers
/// (see <c>PostgresEventListener</c>). A cached value is good only while the counter it was read under has not moved.
/// </summary>
public sealed partial class ChangeVersions
{
    private long signIns;
    private long projects;

    public long SignIns => Volatile.Read(ref signIns);

    public long Projects => Volatile.Read(ref projects);

    public void Bump(ChangedData changed)
    {
        if (changed.HasFlag(ChangedData.SignIns))
        {
            Interlocked.Increment(ref signIns);
        }

        if (changed.HasFlag(ChangedData.Projects))
        {
            Interlocked.Increment(ref projects);
        }
    }

    /// <summary>After changes may have been missed (a lost connection to PostgreSQL): nothing cached is trusted.</summary>
    public void BumpAll() => Bump(ChangedData.SignIns | ChangedData.Projects);

    /// <summary>What a notification from the database trigger names (the table group, see the migration).</summary>
    public static ChangedData Parse(string payload) => payload switch
    {
        "projects" => ChangedData.Projects,
        "sessions" => ChangedData.SignIns,
        // Deleting a user deletes their sessions and projects with it.
        "users" => ChangedData.SignIns | ChangedData.Projects,
        _ => ChangedData.SignIns | ChangedData.Projects,
    };

    /// <summary>
    /// The tables an SQL write names, as whole words: EF Core quotes them on SQLite ("projects") and not on PostgreSQL
    /// (projects), whose lowercase names need no quotes. Anything but a SELECT counts as a write, so a statement form
    /// not foreseen here errs towards invalidating.
    /// </summary>
    public static ChangedData Of(string sql)
    {
        if (sql.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            return ChangedData.None;
        }

        var changed = ChangedData.None;
        foreach (Match table in CachedTable().Matches(sql))
        {
            changed |= table.Value switch
            {
                "projects" or "resources" => ChangedData.Projects,
                "user_sessions" => ChangedData.SignIns,
                _ => ChangedData.SignIns | ChangedData.Projects, // users: deleting one deletes their sessions and projects
            };
        }

        return changed;
    }

    [GeneratedRegex(@"\b(projects|resources|user_sessions|users)\b")]
    private static partial Regex CachedTable();
}
