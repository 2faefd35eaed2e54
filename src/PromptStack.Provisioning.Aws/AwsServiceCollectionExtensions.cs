using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromptStack.Provisioning.Aws.Configuration;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Aws.Resilience;
using PromptStack.Provisioning.Aws.Terraform;
using PromptStack.Provisioning.Configuration;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// The AWS side of the engine: connection, driver, pacing and retry settings bound from the environment-style keys
    /// of <paramref name="configuration"/> and validated at start; credentials, the client factory with its shared
    /// pacer, the resource drivers, the application deployer and the Terraform export. Needs the engine's
    /// <see cref="EngineOptions"/> (<c>AddProvisioning</c>).
    /// </summary>
    public static IServiceCollection AddAwsDrivers(this IServiceCollection services, IConfiguration configuration)
    {
        AddSettings<AwsSettings>(services, configuration, AwsVariables.BindConnection, AwsVariables.ConnectionProblems);
        AddSettings<DriverSettings>(services, configuration, AwsVariables.BindDrivers, AwsVariables.DriverProblems);
        AddSettings<AwsPacingSettings>(services, configuration, AwsVariables.BindPacing, o => o.Problems());
        AddSettings<RetryOptions>(services, configuration, AwsVariables.BindRetries, AwsVariables.RetryProblems);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new AwsPacer(sp.GetRequiredService<AwsPacingSettings>()));
        services.AddSingleton(sp => new AwsCredentialSource(
            sp.GetRequiredService<AwsSettings>(), sp.GetRequiredService<TimeProvider>(), pacer: sp.GetRequiredService<AwsPacer>(),
            retries: sp.GetRequiredService<RetryOptions>()));
        services.AddSingleton(sp => new AwsClientFactory(
            sp.GetRequiredService<AwsSettings>(), sp.GetRequiredService<AwsCredentialSource>(), sp.GetRequiredService<AwsPacer>(),
            sp.GetRequiredService<RetryOptions>()));
        services.AddSingleton<IEnumerable<IResourceDriver>>(sp => AwsDrivers.Create(
            sp.GetRequiredService<AwsClientFactory>(), sp.GetRequiredService<EngineOptions>(), sp.GetRequiredService<DriverSettings>()));

        // Against an emulator sites are opened through the platform's local preview, which serves the API beside the page.
        services.AddSingleton<IApplicationDeployer>(sp => new AwsApplicationDeployer(
            sp.GetRequiredService<AwsClientFactory>(), sp.GetRequiredService<DriverSettings>(),
            relativeApiUrl: sp.GetRequiredService<AwsSettings>().UsesCustomEndpoint));
        services.AddSingleton<TerraformExport>();
        return services;
    }

    private static void AddSettings<T>(
        IServiceCollection services, IConfiguration configuration, Action<SettingsReader, T> bind, Func<T, IEnumerable<string>> problems)
        where T : class
    {
        services.AddOptions<T>().BindSettings(configuration, bind, problems).ValidateOnStart().RegisterValue();
    }
}
