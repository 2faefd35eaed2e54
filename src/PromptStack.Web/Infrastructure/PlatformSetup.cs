using Microsoft.Extensions.Options;

namespace PromptStack.Web.Infrastructure;

public static class PlatformSetup
{
    public static IServiceCollection AddPlatformOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlatformOptions>()
            .Configure(o => PlatformOptions.Bind(configuration, o))
            .Validate(o => !o.Validate().Any(), "Invalid limits configuration (see the README's configuration table).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PlatformOptions>>().Value);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
