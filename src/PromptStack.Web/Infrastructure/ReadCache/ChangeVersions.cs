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
/// Projects have one counter for writes that may change anyone's and one per group of owners for writes known to
/// change one owner's (see <see cref="PromptStack.Data.OwnerScope"/>), so the reconciler working on some users'
/// projects leaves every other user's cached list in place.
/// </summary>
public sealed partial class ChangeVersions
{
    // Owners share counters by hash: a fixed size, whatever the number of users; a shared counter only drops a few
    // more lists than needed.
    private const int OwnerGroups = 4096;

    private long signIns;
    private long projects;
    private readonly long[] ownerGroups = new long[OwnerGroups];

    public long SignIns => Volatile.Read(ref signIns);

    /// <summary>Moves with every write that may have changed this owner's projects.</summary>
    public long ProjectsOf(Guid owner) =>
        // Both only grow, so the sum moves whenever either does.
        Volatile.Read(ref projects) + Volatile.Read(ref ownerGroups[GroupOf(owner)]);

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

    /// <summary>A write that changed only this owner's projects.</summary>
    public void BumpProjectsOf(Guid owner) => Interlocked.Increment(ref ownerGroups[GroupOf(owner)]);

    /// <summary>After changes may have been missed (a lost connection to PostgreSQL): nothing cached is trusted.</summary>
    public void BumpAll() => Bump(ChangedData.SignIns | ChangedData.Projects);

    /// <summary>
    /// A notification from the database trigger: the table group, and for projects and resources the owner after a
    /// colon when the trigger found it (see the migrations ReadCacheTriggers and OwnerChangeNotify).
    /// </summary>
    public void Notified(string payload)
    {
        if (payload.StartsWith("projects:", StringComparison.Ordinal) && Guid.TryParse(payload.AsSpan("projects:".Length), out var owner))
        {
            BumpProjectsOf(owner);
            return;
        }

        Bump(payload switch
        {
            "projects" => ChangedData.Projects,
            "sessions" => ChangedData.SignIns,
            // Deleting a user deletes their sessions and projects with it.
            _ => ChangedData.SignIns | ChangedData.Projects,
        });
    }

    /// <summary>The counter an owner shares with others.</summary>
    public static int GroupOf(Guid owner) => (int)((uint)owner.GetHashCode() % OwnerGroups);

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
