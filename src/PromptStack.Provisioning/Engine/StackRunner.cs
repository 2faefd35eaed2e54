using System.Text.Json;
using System.Diagnostics;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Walks a stack's graph (Terraform-style): each resource starts as soon as its dependencies are
/// ready, so independent ones run in parallel; a failure marks its dependents blocked. Destruction
/// walks the same graph in reverse.
/// </summary>
internal sealed class StackRunner(
    Project project, StackPlan plan, IReadOnlyDictionary<string, IResourceDriver> drivers, ProjectWriter writer,
    EngineOptions options, ReconcilerFaults faults, TimeProvider clock, string operation)
{
    private readonly Dictionary<string, Task<ResourceState?>> running = [];

    public Dictionary<string, ResourceState> Ready { get; } = [];

    public List<string> Failures { get; } = [];

    /// <summary>Resources observed missing or changed in this run, whether or not their repair succeeded.</summary>
    public List<DriftFinding> Found { get; } = [];

    /// <summary>The findings whose resource was then created or updated successfully.</summary>
    public List<DriftFinding> Repaired { get; } = [];

    /// <summary>
    /// A drift check rather than a user's request: events name only the repairs ("Drift repaired: ..."), and a
    /// resource that is up to date goes unmentioned, so a periodic check of an intact stack writes no event.
    /// </summary>
    public bool ReportsDrift { get; init; }

    /// <summary>Saves every missing resource row with its physical name before anything is created.</summary>
    public async Task ReserveNamesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var missing = plan.Nodes.Where(n => project.Resources.All(r => r.Name != n.Name)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        await writer.WriteAsync(db =>
        {
            foreach (var node in missing)
            {
                var row = new Resource
                {
                    Id = Guid.NewGuid(), ProjectId = project.Id, Kind = node.Kind, Name = node.Name,
                    PhysicalId = PhysicalNames.New(options.NamePrefix, project.Id, node.Name),
                    Status = ResourceStatus.Pending, CreatedAt = now, UpdatedAt = now,
                };
                project.Resources.Add(row);
                db.Resources.Add(row);
            }
        }, cancellationToken);
    }

    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        foreach (var node in plan.Nodes)
        {
            _ = Start(node, cancellationToken);
        }

        await Task.WhenAll(running.Values);
    }

    private Task<ResourceState?> Start(StackNode node, CancellationToken cancellationToken)
    {
        lock (running)
        {
            if (!running.TryGetValue(node.Name, out var task))
            {
                running[node.Name] = task = EnsureAsync(node, cancellationToken);
            }

            return task;
        }
    }

    private async Task<ResourceState?> EnsureAsync(StackNode node, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var dependencies = new Dictionary<string, ResourceState>();
        foreach (var dependency in node.DependsOn.Select(d => plan.Nodes.Single(n => n.Name == d)))
        {
            var state = await Start(dependency, cancellationToken);
            if (state is null)
            {
                await SetStatusAsync(node.Name, ResourceStatus.Blocked, $"Blocked: {dependency.Name} ({dependency.Kind}) failed.", null, cancellationToken);
                return null;
            }

            dependencies[dependency.Kind] = state;
        }

        var row = Row(node.Name);
        var context = Context(row, dependencies);
        var driver = drivers[node.Kind];
        using var activity = StartResourceSpan(row);
        try
        {
            // A row still pending was never sent a create (it turns "creating", committed, first), so nothing can exist
            // under its name: there is nothing to observe, and its absence is not drift.
            var observed = context.NeverAttempted ? null : await driver.ObserveAsync(context, cancellationToken);
            var finding = context.NeverAttempted ? null : DriftFinding.Of(node.Kind, row.PhysicalId, observed);
            if (finding is not null)
            {
                lock (Found)
                {
                    Found.Add(finding);
                }
            }

            ResourceState result;
            if (observed is null)
            {
                await SetStatusAsync(node.Name, ResourceStatus.Creating, null, null, cancellationToken);
                result = await driver.CreateAsync(context, cancellationToken);
            }
            else if (observed.UpToDate)
            {
                // Observe read everything Update would compare: calling it would only repeat the reads.
                result = observed;
            }
            else
            {
                result = await driver.UpdateAsync(context, observed, cancellationToken);
            }

            var message = ReportsDrift ? finding?.RepairedMessage
                : observed is null ? $"Created {node.Kind} {row.PhysicalId}."
                : observed.UpToDate ? $"{node.Kind} {row.PhysicalId} exists and is up to date."
                : $"Updated {node.Kind} {row.PhysicalId}: {string.Join("; ", observed.Differences)}.";
            await SaveReadyAsync(row, result, message, cancellationToken);
            if (finding is not null)
            {
                lock (Repaired)
                {
                    Repaired.Add(finding);
                }
            }

            activity?.SetTag("promptstack.resource.action", observed is null ? "create" : observed.UpToDate ? "none" : "update");
            lock (Ready)
            {
                Ready[node.Kind] = result;
            }

            return result;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            var message = $"{node.Kind} {row.PhysicalId}: {ex.Message}";
            lock (Failures)
            {
                Failures.Add(message);
            }

            // A drift repair is tried again before it counts as an error (see ProjectResync), so its failures start as warnings.
            await SetStatusAsync(node.Name, ResourceStatus.Failed, ex.Message,
                new(ReportsDrift ? "Drift repair failed for " + message : "Failed to create " + message, ReportsDrift ? "warning" : "error"), cancellationToken);
            return null;
        }
    }

    /// <summary>
    /// Marks every resource not yet deleted as deleting, in the destroy's first write: one commit for the stack instead
    /// of one per resource before its call. Nothing depends on the mark being there before a call (deleting what is
    /// already gone counts as done), so it only tells the page what will go, until each resource's own write.
    /// </summary>
    public void MarkDeleting()
    {
        var now = clock.GetUtcNow();
        foreach (var row in project.Resources.Where(r => r.Status != ResourceStatus.Deleted))
        {
            row.Status = ResourceStatus.Deleting;
            row.Error = null;
            row.UpdatedAt = now;
        }
    }

    /// <summary>Deletes every resource, each only after the resources that depend on it are gone (see <see cref="MarkDeleting"/>).</summary>
    public async Task DestroyAsync(CancellationToken cancellationToken)
    {
        var deletions = new Dictionary<string, Task<bool>>();
        Task<bool> StartDelete(string name)
        {
            lock (deletions)
            {
                if (!deletions.TryGetValue(name, out var task))
                {
                    deletions[name] = task = DeleteAsync(name, StartDelete, cancellationToken);
                }

                return task;
            }
        }

        foreach (var row in project.Resources.ToList())
        {
            _ = StartDelete(row.Name);
        }

        await Task.WhenAll(deletions.Values.ToList());
    }

    private async Task<bool> DeleteAsync(string name, Func<string, Task<bool>> startDelete, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var dependents = plan.DependentsOf(name).Where(d => project.Resources.Any(r => r.Name == d)).ToList();
        var results = await Task.WhenAll(dependents.Select(startDelete));
        var row = Row(name);
        if (results.Any(ok => !ok))
        {
            await SetStatusAsync(name, ResourceStatus.Blocked, "Blocked: a resource that depends on it could not be deleted.", null, cancellationToken);
            return false;
        }

        if (row.Status == ResourceStatus.Deleted)
        {
            return true;
        }

        using var activity = StartResourceSpan(row);
        activity?.SetTag("promptstack.resource.action", "delete");
        try
        {
            await drivers[row.Kind].DeleteAsync(Context(row, new Dictionary<string, ResourceState>()), cancellationToken);
            await SetStatusAsync(name, ResourceStatus.Deleted, null, new($"Deleted {row.Kind} {row.PhysicalId}.", "info"), cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            lock (Failures)
            {
                Failures.Add($"{row.Kind} {row.PhysicalId}: {ex.Message}");
            }

            await SetStatusAsync(name, ResourceStatus.Failed, ex.Message, new($"Failed to delete {row.Kind} {row.PhysicalId}: {ex.Message}", "error"), cancellationToken);
            return false;
        }
    }

    public ResourceContext Context(Resource row, IReadOnlyDictionary<string, ResourceState> dependencies) => new()
    {
        ProjectId = project.Id,
        UserId = project.OwnerId,
        LogicalName = row.Name,
        PhysicalName = row.PhysicalId,
        Tags = ResourceTags.For(project.OwnerId, project.Id, options.ManagedBy, options.Environment, row.CreatedAt),
        Dependencies = dependencies,
        SavedAttributes = JsonSerializer.Deserialize<Dictionary<string, string>>(row.AttributesJson) ?? [],
        NeverAttempted = row.Status == ResourceStatus.Pending,
        AfterChangeAsync = faults.OnChangeAsync,
    };

    private Resource Row(string name) => project.Resources.Single(r => r.Name == name);

    /// <summary>One span per resource step, a child of the operation's; its AWS calls become its children.</summary>
    private static Activity? StartResourceSpan(Resource row)
    {
        var activity = PlatformTelemetry.StartChild("promptstack.resource " + row.Kind);
        activity?.SetTag("promptstack.resource.kind", row.Kind);
        activity?.SetTag("promptstack.resource.name", row.PhysicalId);
        return activity;
    }

    /// <summary>
    /// Saves the resource as ready with its step's event, in one transaction; skips the row's write when nothing in it
    /// changed, so checking an intact stack (which has no event to write) leaves its rows alone.
    /// </summary>
    private Task SaveReadyAsync(Resource row, ResourceState result, string? message, CancellationToken cancellationToken)
    {
        var attributes = JsonSerializer.Serialize(result.Attributes);
        var unchanged = row is { Status: ResourceStatus.Ready, Error: null } && row.Arn == result.Arn && row.AttributesJson == attributes;
        if (unchanged && message is null)
        {
            return Task.CompletedTask;
        }

        return writer.WriteAsync(db =>
        {
            if (!unchanged)
            {
                row.Arn = result.Arn;
                row.AttributesJson = attributes;
                row.Status = ResourceStatus.Ready;
                row.Error = null;
                row.UpdatedAt = clock.GetUtcNow();
            }

            if (message is not null)
            {
                writer.AddEvent(db, project.Id, operation, message, "info");
            }
        }, cancellationToken);
    }

    private sealed record StepEvent(string Message, string Level);

    /// <summary>Sets a resource's status and writes the step's event, if it has one, in the same transaction.</summary>
    private Task SetStatusAsync(string name, ResourceStatus status, string? error, StepEvent? stepEvent, CancellationToken cancellationToken)
    {
        var row = Row(name);
        return writer.WriteAsync(db =>
        {
            row.Status = status;
            row.Error = error is { Length: > 2000 } ? error[..2000] : error;
            row.UpdatedAt = clock.GetUtcNow();
            if (stepEvent is not null)
            {
                writer.AddEvent(db, project.Id, operation, stepEvent.Message, stepEvent.Level);
            }
        }, cancellationToken);
    }
}
