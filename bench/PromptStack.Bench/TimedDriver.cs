using System.Collections.Concurrent;
using System.Diagnostics;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Bench;

/// <summary>Wraps a driver and records, per project, how long its AWS work (observe + create) took.</summary>
public sealed class TimedDriver(IResourceDriver inner, ConcurrentDictionary<(Guid Project, string Kind), TimeSpan> durations) : IResourceDriver
{
    public string Kind => inner.Kind;

    public async Task<ResourceState?> ObserveAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var result = await inner.ObserveAsync(context, cancellationToken);
        Add(context, watch.Elapsed);
        return result;
    }

    public async Task<ResourceState> CreateAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var result = await inner.CreateAsync(context, cancellationToken);
        Add(context, watch.Elapsed);
        return result;
    }

    public async Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState observed, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var result = await inner.UpdateAsync(context, observed, cancellationToken);
        Add(context, watch.Elapsed);
        return result;
    }

    public Task DeleteAsync(ResourceContext context, CancellationToken cancellationToken) => inner.DeleteAsync(context, cancellationToken);

    public Task<IReadOnlyList<ManagedResource>> ListManagedAsync(CancellationToken cancellationToken) => inner.ListManagedAsync(cancellationToken);

    private void Add(ResourceContext context, TimeSpan elapsed) =>
        durations.AddOrUpdate((context.ProjectId, Kind), elapsed, (_, before) => before + elapsed);
}
