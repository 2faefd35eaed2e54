using PromptStack.Blueprints;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Web.Infrastructure.Verify;

/// <summary>
/// One resource of each kind, created through the server's own drivers with the platform's five tags, found again
/// through the listing the orphan sweeper uses, and deleted in reverse order - always, even after a failure.
/// A running server's sweeper sees canaries as orphans (no project row owns them), but it never touches anything
/// younger than ORPHAN_GRACE_SECONDS (default 300), far longer than a verify run; should a delete fail here, that
/// same sweeper removes the leftover once the grace period has passed.
/// </summary>
public sealed class CanaryStack(IEnumerable<IResourceDriver> drivers, EngineOptions engine, AwsSettings settings, TimeProvider clock)
{
    /// <summary>UserId tag of every canary: no real user (their ids are random Guids) ever has it.</summary>
    public static readonly Guid UserId = new("00000000-0000-4000-8000-0000000c0de0");

    // The engine's dependency order (StackPlan): the role's policy names the table, the function needs role and
    // table, the HTTP API needs the function.
    private static readonly (string Kind, string Name)[] CreateOrder =
    [
        (ResourceKinds.DynamoDbTable, "verify-table"), (ResourceKinds.S3Bucket, "verify-site"), (ResourceKinds.IamRole, "verify-role"),
        (ResourceKinds.LambdaFunction, "verify-function"), (ResourceKinds.HttpApi, "verify-api"),
    ];

    private readonly Dictionary<string, IResourceDriver> _drivers = drivers.ToDictionary(d => d.Kind);

    /// <summary>The ProjectId tag of this run's canaries, fresh each run.</summary>
    public Guid ProjectId { get; } = Guid.NewGuid();

    public async Task RunAsync(Checklist checklist, CancellationToken cancellationToken)
    {
        var tags = ResourceTags.For(UserId, ProjectId, engine.ManagedBy, engine.Environment, clock.GetUtcNow());
        var attempted = new List<ResourceContext>();
        var states = new Dictionary<string, ResourceState>();
        try
        {
            await CreateAsync(checklist, tags, attempted, states, cancellationToken);
            await FindAsync(checklist, attempted.Where(c => states.ContainsKey(KindOf(c))).ToList(), cancellationToken);
        }
        finally
        {
            // Not the caller's token: canaries go even when the run was cancelled.
            using var cleanup = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await DeleteAsync(checklist, attempted, states, cleanup.Token);
        }
    }

    private async Task CreateAsync(
        Checklist checklist, IReadOnlyDictionary<string, string> tags, List<ResourceContext> attempted,
        Dictionary<string, ResourceState> states, CancellationToken cancellationToken)
    {
        foreach (var (kind, name) in CreateOrder)
        {
            var check = $"Canary {kind}";
            if (attempted.Count > states.Count)
            {
                checklist.Skip(check, "not tried after the failure above");
                continue;
            }

            var context = new ResourceContext
            {
                ProjectId = ProjectId,
                UserId = UserId,
                LogicalName = name,
                PhysicalName = PhysicalNames.New(engine.NamePrefix, ProjectId, name),
                Tags = tags,
                Dependencies = new Dictionary<string, ResourceState>(states),
            };
            // Listed before the call: a create that fails half-way may still have made something to delete.
            attempted.Add(context);
            try
            {
                states[kind] = await _drivers[kind].CreateAsync(context, cancellationToken);
                checklist.Ok(check, $"created {context.PhysicalName} with the five platform tags");
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                checklist.Fail(check, $"could not create {context.PhysicalName}: {CloudErrors.Describe(ex, settings)}");
            }
        }
    }

    /// <summary>The orphan sweeper's own listing (every driver's ListManagedAsync) must show each created canary.</summary>
    private async Task FindAsync(Checklist checklist, IReadOnlyList<ResourceContext> created, CancellationToken cancellationToken)
    {
        var (listed, failures) = await ListAsync(cancellationToken);
        if (failures.Count == 0)
        {
            checklist.Ok("Orphan sweeper", $"lists all {_drivers.Count} kinds ({listed.Count} resources tagged " +
                                           $"ManagedBy={engine.ManagedBy}, Environment={engine.Environment})");
        }
        else
        {
            checklist.Fail("Orphan sweeper", "cannot list " + string.Join("; ", failures));
        }

        if (created.Count == 0)
        {
            checklist.Skip("Canaries found by tags", "no canary was created");
            return;
        }

        var missing = created
            .Where(c => !listed.Any(r => r.Kind == KindOf(c) && r.PhysicalId == c.PhysicalName && r.ProjectId == ProjectId && r.UserId == UserId && r.CreatedAt is not null))
            .Select(c => $"{KindOf(c)} {c.PhysicalName}")
            .ToList();
        if (missing.Count == 0)
        {
            checklist.Ok("Canaries found by tags", $"all {created.Count} listed with ProjectId={ProjectId}");
        }
        else
        {
            checklist.Fail("Canaries found by tags", $"not listed with their tags: {string.Join(", ", missing)} " +
                                                     "— the orphan sweeper would never find such resources");
        }
    }

    private async Task DeleteAsync(
        Checklist checklist, List<ResourceContext> attempted, Dictionary<string, ResourceState> states, CancellationToken cancellationToken)
    {
        if (attempted.Count == 0)
        {
            return;
        }

        var left = new List<string>();
        foreach (var context in Enumerable.Reverse(attempted))
        {
            var kind = KindOf(context);
            try
            {
                // The HTTP API is found by its saved id, as the engine does; without one the driver looks it up by ProjectId.
                var saved = states.TryGetValue(kind, out var state) ? state.Attributes : new Dictionary<string, string>();
                await _drivers[kind].DeleteAsync(context with { SavedAttributes = saved }, cancellationToken);
            }
            catch (Exception ex)
            {
                left.Add($"{kind} {context.PhysicalName} ({CloudErrors.Describe(ex, settings)})");
            }
        }

        left.AddRange(await LeftoversAsync(left, cancellationToken));
        if (left.Count == 0)
        {
            checklist.Ok("Canary cleanup", $"{attempted.Count} deleted, nothing tagged ProjectId={ProjectId} left");
        }
        else
        {
            checklist.Fail("Canary cleanup", $"could not delete {string.Join("; ", left)} — delete by hand, or the orphan " +
                                             $"sweeper removes them after ORPHAN_GRACE_SECONDS ({engine.OrphanGracePeriod.TotalSeconds:0} s)");
        }
    }

    /// <summary>Canaries still listed after their delete succeeded; AWS may list a deleted table or bucket for a few seconds.</summary>
    private async Task<List<string>> LeftoversAsync(List<string> alreadyReported, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + (settings.UsesCustomEndpoint ? TimeSpan.Zero : TimeSpan.FromSeconds(60));
        while (true)
        {
            var (listed, _) = await ListAsync(cancellationToken);
            var leftovers = listed
                .Where(r => r.ProjectId == ProjectId && !alreadyReported.Any(a => a.StartsWith($"{r.Kind} {r.PhysicalId} ", StringComparison.Ordinal)))
                .Select(r => $"{r.Kind} {r.PhysicalId} (still listed after its delete)")
                .ToList();
            if (leftovers.Count == 0 || clock.GetUtcNow() >= deadline)
            {
                return leftovers;
            }

            await Task.Delay(TimeSpan.FromSeconds(3), clock, cancellationToken);
        }
    }

    private async Task<(List<ManagedResource> Listed, List<string> Failures)> ListAsync(CancellationToken cancellationToken)
    {
        var listed = new List<ManagedResource>();
        var failures = new List<string>();
        foreach (var driver in _drivers.Values)
        {
            try
            {
                listed.AddRange(await driver.ListManagedAsync(cancellationToken));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{driver.Kind}: {CloudErrors.Describe(ex, settings)}");
            }
        }

        return (listed, failures);
    }

    private static string KindOf(ResourceContext context) => CreateOrder.Single(c => c.Name == context.LogicalName).Kind;
}
