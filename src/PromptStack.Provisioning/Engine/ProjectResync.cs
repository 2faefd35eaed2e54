using System.Text.Json;
using PromptStack.Blueprints;
using PromptStack.Data.Entities;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// A periodic drift check of one claimed, deployed project (a Kubernetes-style resync): every resource is
/// observed, and only missing or changed ones are recreated or put back. It is no user operation: it
/// touches neither the generations nor the operation records, and it reports through project events and the
/// drift counters only.
/// </summary>
internal sealed class ProjectResync(
    Project project, ProjectWriter writer, IReadOnlyDictionary<string, IResourceDriver> drivers, IApplicationDeployer deployer,
    EngineOptions options, ReconcilerFaults faults, TimeProvider clock, Func<Guid, CancellationToken, Task> stackGone)
{
    /// <summary>The operation name on this work's events.</summary>
    public const string Operation = "resync";

    /// <summary>Runs of one check before a repair that keeps failing marks the project failed.</summary>
    private const int MaxAttempts = 2;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The next check is booked before this one starts, so a check that crashes or throws is tried again
        // one interval later rather than at once, over and over.
        await writer.WriteAsync(_ => project.ResyncAt = ResyncSchedule.Next(project, clock.GetUtcNow(), options.ResyncInterval), cancellationToken);
        if (!ResyncSchedule.IsDeployed(project))
        {
            return;
        }

        var blueprint = JsonSerializer.Deserialize<Blueprint>(project.BlueprintJson)
            ?? throw new InvalidOperationException("The project has no blueprint.");
        var plan = StackPlan.From(blueprint.Resources);
        var found = new Dictionary<string, DriftFinding>();
        var repaired = new HashSet<string>();
        var recreated = false;
        StackRunner runner;
        var attempt = 1;
        while (true)
        {
            runner = new StackRunner(project, plan, drivers, writer, options, faults, clock, Operation) { ReportsDrift = true };
            await runner.ReserveNamesAsync(cancellationToken);
            await runner.ProvisionAsync(cancellationToken);
            runner.Found.ForEach(f => found.TryAdd(f.Kind, f));
            runner.Repaired.ForEach(f => repaired.Add(f.Kind));
            recreated |= runner.Repaired.Any(f => f.Missing);
            if (attempt == 1 && plan.Nodes.All(n => found.TryGetValue(n.Kind, out var f) && f.Missing))
            {
                await stackGone(project.Id, cancellationToken);
            }

            if (runner.Failures.Count == 0 || attempt == MaxAttempts)
            {
                break;
            }

            // The cloud may change while it is being checked (an emulator restarted mid-check, say, after Observe saw a
            // resource and before Update wrote to it), leaving the run's picture stale: look again once before failing.
            await writer.EventAsync(project.Id, Operation, "Drift repair did not complete; checking again.", "warning", cancellationToken);
            attempt++;
        }

        await writer.WriteAsync(async db =>
        {
            await CleanupCounters.AddAsync(db, CleanupCounters.DriftFound, found.Count, cancellationToken);
            await CleanupCounters.AddAsync(db, CleanupCounters.DriftRepaired, repaired.Count, cancellationToken);
            return 0;
        }, cancellationToken);
        if (runner.Failures.Count > 0)
        {
            // As a failed provision does: the project says failed, with the reason, and is no longer checked.
            var error = "Drift repair failed: " + string.Join("; ", runner.Failures);
            await new ProjectStatus(project, writer, clock).SetInfrastructureAsync(
                InfrastructureStatus.Failed, error, new(Operation, error), cancellationToken, alsoChange: () => project.ResyncAt = null);
            return;
        }

        // A recreated HTTP API has a new id, and so a new endpoint.
        var outputs = JsonSerializer.Serialize(StackOutputs.For(project.Id, runner.Ready, options.PreviewBaseUrl));
        if (outputs != project.OutputsJson)
        {
            await writer.WriteAsync(_ => project.OutputsJson = outputs, cancellationToken);
        }

        // A recreated bucket or function has lost the application, and a recreated API changed the address the
        // site calls; redeploying the same version is idempotent, so any recreated resource triggers it.
        if (recreated
            && project is { ApplicationDesired: DesiredState.Present, ApplicationStatus: ApplicationStatus.Deployed })
        {
            await RedeployAsync(cancellationToken);
        }
    }

    private async Task RedeployAsync(CancellationToken cancellationToken)
    {
        var version = project.ApplicationVersion;
        try
        {
            await deployer.DeployAsync(ApplicationContexts.For(project, writer, faults, version, Operation, cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = "Redeploy after drift repair failed: " + ex.Message;
            await new ProjectStatus(project, writer, clock).SetApplicationAsync(ApplicationStatus.Failed, error, new(Operation, error), cancellationToken);
            return;
        }

        await writer.EventAsync(project.Id, Operation, $"Drift repaired: application version {version} redeployed onto the recreated resources.",
            cancellationToken: cancellationToken);
    }
}
