using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace PromptStack.Blueprints;

public static class BlueprintServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OfflineBlueprintGenerator"/> and, as <see cref="IBlueprintGenerator"/>, an
    /// <see cref="LlmBlueprintGenerator"/> when LLM_MODEL (with LLM_ENDPOINT and/or LLM_API_KEY) is set,
    /// otherwise the offline generator itself.
    /// </summary>
    public static IServiceCollection AddPromptStackBlueprints(this IServiceCollection services, Func<string, string?>? variables = null)
    {
        services.TryAddSingleton<OfflineBlueprintGenerator>();
        services.Replace(ServiceDescriptor.Singleton<IBlueprintGenerator>(sp =>
        {
            var offline = sp.GetRequiredService<OfflineBlueprintGenerator>();
            return (IBlueprintGenerator?)LlmBlueprintGenerator.TryCreateFromEnvironment(offline, sp.GetService<ILogger<LlmBlueprintGenerator>>(), variables)
                ?? offline;
        }));
        return services;
    }
}
