using PromptStack.Provisioning.Configuration;

namespace PromptStack.Web.Infrastructure;

public static class PlatformSetup
{
    public static IServiceCollection AddPlatformOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlatformOptions>()
            .Configure(o => PlatformOptions.Bind(configuration, o))
            .ValidateSettings(o => o.Validate())
            .ValidateOnStart()
            .RegisterValue();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
