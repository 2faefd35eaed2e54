using System.Collections.Concurrent;

namespace PromptStack.Web.Infrastructure.ReadCache;

/// <summary>
/// Values read from the database, kept while the <see cref="ChangeVersions"/> counter their key was read under has not
/// moved, and never longer than <see cref="MaxAge"/>: the bound for a write this instance cannot hear of (another
/// process on the same SQLite file, such as the <c>users</c> command). Bounded in size: when full it starts over.
/// </summary>
public sealed class VersionedCache<TKey, TValue>(Func<TKey, long> version, int capacity)
    where TKey : notnull
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    // Wall-clock age on purpose, not the injected TimeProvider: the bound is about real time passing between processes.
    private sealed record Entry(TValue Value, long Version, long ReadAtMs);

    private readonly ConcurrentDictionary<TKey, Entry> entries = new();

    /// <summary>
    /// The cached value, or <paramref name="load"/>'s. The counter is read before loading, so a value loaded while a
    /// write committed is stored under the old count and never served.
    /// </summary>
    public async Task<TValue> GetAsync<TState>(TKey key, TState state, Func<TState, Task<TValue>> load)
    {
        var current = version(key);
        if (entries.TryGetValue(key, out var entry) && entry.Version == current && Environment.TickCount64 - entry.ReadAtMs < MaxAge.TotalMilliseconds)
        {
            return entry.Value;
        }

        var readAt = Environment.TickCount64;
        var value = await load(state);
        if (entries.Count >= capacity)
        {
            entries.Clear();
        }

        entries[key] = new Entry(value, current, readAt);
        return value;
    }
}
