using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptStack.Provisioning.Configuration;
using PromptStack.Provisioning.Costs;
using PromptStack.Provisioning.Engine;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.Provisioning;

public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>
    /// The provisioning engine: <see cref="EngineOptions"/> and <see cref="LifecycleOptions"/> bound from the
    /// environment-style keys of <paramref name="configuration"/> and validated at start, the reconciler and its
    /// background service, the TTL reaper, the orphan sweeper and the cost model. The host adds a database
    /// (<c>PromptStackDbContext</c>), resource drivers (<see cref="IResourceDriver"/>) and an
    /// <see cref="IApplicationDeployer"/>, and runs the reaper and sweeper on its own schedule.
    /// </summary>
    public static IServiceCollection AddProvisioning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>()
            .BindSettings(configuration, ProvisioningVariables.BindEngine, ProvisioningVariables.EngineProblems)
            .ValidateOnStart()
            .RegisterValue();
        services.AddOptions<LifecycleOptions>()
            .BindSettings(configuration, ProvisioningVariables.BindLifecycle, ProvisioningVariables.LifecycleProblems)
            .ValidateOnStart()
            .RegisterValue();
        services.AddSingleton(sp => sp.GetRequiredService<LifecycleOptions>().Limits);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CostModel>();
        services.AddSingleton<ReconcilerSignal>();
        services.AddSingleton<ReconcilerFaults>();
        services.AddSingleton<ProjectReconciler>();
        services.AddSingleton<TtlReaper>();
        services.AddSingleton<OrphanSweeper>();
        services.AddSingleton<PlatformGauges>();
        services.AddHostedService<ReconcilerService>();
        return services;
    }
}
