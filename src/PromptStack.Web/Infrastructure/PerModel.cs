using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PromptStack.Web.Infrastructure;

/// <summary>
/// A compiled EF query for each model it meets. EF ties a compiled query to the model of its first run, and one
/// process may hold both providers' models (the tests run SQLite and PostgreSQL apps side by side).
/// </summary>
public sealed class PerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConcurrentDictionary<IModel, TQuery> queries = new();

    public TQuery For(DbContext db) => queries.GetOrAdd(db.Model, _ => compile());
}
