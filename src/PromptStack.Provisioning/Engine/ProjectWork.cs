using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PromptStack.Blueprints;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Costs;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.Provisioning.Engine;

/// <summary>One reconciler pass over one claimed project: purge, provision, deploy or destroy as its desired state says.</summary>
internal sealed class ProjectWork(
    Project project, ProjectWriter writer, IReadOnlyDictionary<string, IResourceDriver> drivers, IApplicationDeployer deployer,
    EngineOptions options, ReconcilerFaults faults, TimeProvider clock)
{
    private readonly ProjectStatus status = new(project, writer, clock);

    private Blueprint Blueprint => JsonSerializer.Deserialize<Blueprint>(project.BlueprintJson)
        ?? throw new InvalidOperationException("The project has no blueprint.");

    /// <summary>Returns null on success, else a readable error. Each step is a span of its own and a timed operation.</summary>
    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        if (ReconcileSteps.NeedsPurge(State))
        {
            var purgeError = await EngineMetrics.MeasureAsync("purge", () => PurgeAsync(cancellationToken));
            if (purgeError is not null)
            {
                return purgeError;
            }
        }

        if (project.InfrastructureDesired == DesiredState.Absent)
        {
            return ReconcileSteps.NeedsDestroy(State, project.Resources.Count > 0)
                ? await EngineMetrics.MeasureAsync("destroy", () => DestroyAsync(cancellationToken))
                : null;
        }

        if (ReconcileSteps.NeedsProvision(State, project.Resources.All(r => r.Status == ResourceStatus.Ready)))
        {
            var provisionError = await EngineMetrics.MeasureAsync("provision", () => ProvisionAsync(cancellationToken));
            if (provisionError is not null)
            {
                return provisionError;
            }
        }

        return ReconcileSteps.NeedsDeploy(State) ? await EngineMetrics.MeasureAsync("deploy", () => DeployAsync(cancellationToken)) : null;
    }

    private async Task<string?> ProvisionAsync(CancellationToken cancellationToken)
    {
        await status.SetInfrastructureAsync(InfrastructureStatus.Provisioning, null, new("provision", "Provisioning infrastructure."), cancellationToken);
        var runner = NewRunner("provision");
        await runner.ReserveNamesAsync(cancellationToken);
        await runner.ProvisionAsync(cancellationToken);
        if (runner.Failures.Count > 0)
        {
            var error = "Provisioning failed: " + string.Join("; ", runner.Failures);
            await status.SetInfrastructureAsync(InfrastructureStatus.Failed, error, new("provision", error), cancellationToken, final: true);
            return error;
        }

        var outputs = StackOutputs.For(project.Id, runner.Ready, options.PreviewBaseUrl);
        await status.SetInfrastructureAsync(
            InfrastructureStatus.Deployed, null, new("provision", "Infrastructure deployed."), cancellationToken, final: !DeployFollows, alsoChange: () =>
            {
                project.OutputsJson = JsonSerializer.Serialize(outputs);
                project.InfrastructureSince ??= clock.GetUtcNow();
            });
        return null;
    }

    private async Task<string?> DestroyAsync(CancellationToken cancellationToken)
    {
        var runner = NewRunner("destroy");
        await status.SetInfrastructureAsync(InfrastructureStatus.Destroying, null, new("destroy", "Destroying infrastructure."), cancellationToken,
            alsoChange: runner.MarkDeleting);
        await runner.DestroyAsync(cancellationToken);
        var expired = project.DestroyReason == ProjectLifecycle.ExpiredReason;
        if (runner.Failures.Count > 0)
        {
            var error = "Destroy failed: " + string.Join("; ", runner.Failures);
            await status.SetInfrastructureAsync(InfrastructureStatus.Failed, error, new("destroy", error), cancellationToken, final: true,
                alsoWrite: db => expired ? CleanupCounters.AddAsync(db, "expiredFailed", 1, cancellationToken) : Task.CompletedTask);
            if (expired)
            {
                EngineMetrics.Cleanups.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            }

            return error;
        }

        // The rows' removal, the cost accrued, the cleanup count and the status go in one commit: whoever sees
        // "destroyed" also sees the count, and no pass ends with resources gone but the status still "destroying".
        var now = clock.GetUtcNow();
        var told = new StatusEvent("destroy", expired ? "Infrastructure destroyed: its time was up." : "Infrastructure destroyed.");
        await status.SetInfrastructureAsync(InfrastructureStatus.Destroyed, null, told, cancellationToken, final: true, alsoWrite: async db =>
        {
            db.Resources.RemoveRange(project.Resources);
            project.AccruedCostBefore += project.InfrastructureSince is { } since ? CostModel.Accrued(project.EstimatedMonthlyCost, now - since) : 0m;
            project.InfrastructureSince = null;
            project.ExpiresAt = null;
            project.OutputsJson = "{}";
            project.DestroyReason = null;
            if (expired)
            {
                await CleanupCounters.AddAsync(db, "expiredDestroyed", 1, cancellationToken);
            }
        });
        project.Resources.Clear();
        if (expired)
        {
            EngineMetrics.Cleanups.Add(1, new KeyValuePair<string, object?>("outcome", "destroyed"));
        }

        return null;
    }

    private async Task<string?> DeployAsync(CancellationToken cancellationToken)
    {
        var version = project.ApplicationVersion + 1;
        await status.SetApplicationAsync(ApplicationStatus.Deploying, null, new("deploy", $"Deploying application version {version}."), cancellationToken);
        try
        {
            await deployer.DeployAsync(AppContext(version, "deploy", cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = "Deploy failed: " + ex.Message;
            await status.SetApplicationAsync(ApplicationStatus.Failed, error, new("deploy", error), cancellationToken, final: true);
            return error;
        }

        await status.SetApplicationAsync(
            ApplicationStatus.Deployed, null, new("deploy", $"Application version {version} deployed."), cancellationToken, final: true, alsoChange: () =>
            {
                project.ApplicationVersion = version;
                project.ApplicationTargetVersion = Math.Max(project.ApplicationTargetVersion, version);
                project.ApplicationDeployedAt = clock.GetUtcNow();
            });
        return null;
    }

    private async Task<string?> PurgeAsync(CancellationToken cancellationToken)
    {
        await status.SetApplicationAsync(ApplicationStatus.Purging, null, new("purge", "Purging application."), cancellationToken);
        try
        {
            if (project.Resources.Count > 0)
            {
                await deployer.PurgeAsync(AppContext(project.ApplicationVersion, "purge", cancellationToken), cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = "Purge failed: " + ex.Message;
            await status.SetApplicationAsync(ApplicationStatus.Failed, error, new("purge", error), cancellationToken, final: true);
            return error;
        }

        await status.SetApplicationAsync(
            ApplicationStatus.None, null, new("purge", "Application purged: bucket emptied, function reset."), cancellationToken,
            final: project.InfrastructureDesired == DesiredState.Present, alsoChange: () => project.ApplicationDeployedAt = null);
        return null;
    }

    /// <summary>Closes the operation record that asked for this work, if no final status write has closed it yet.</summary>
    public Task FinishOperationAsync(string? error, CancellationToken cancellationToken) => status.FinishOperationAsync(error, cancellationToken);

    private StackRunner NewRunner(string operation) =>
        new(project, StackPlan.From(Blueprint.Resources), drivers, writer, options, faults, clock, operation);

    private ApplicationContext AppContext(int version, string operation, CancellationToken cancellationToken) =>
        ApplicationContexts.For(project, writer, faults, version, operation, cancellationToken);

    /// <summary>A deploy is still to come after a successful provision in this pass.</summary>
    private bool DeployFollows => ReconcileSteps.NeedsDeploy(State);

    /// <summary>Read afresh at each question: every step changes the observed status.</summary>
    private LifecycleState State => LifecycleState.Observed(project);
}
