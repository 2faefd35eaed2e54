using PromptStack.Provisioning;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Configuration;
using PromptStack.Provisioning.Engine;
using PromptStack.Web.Features.Preview;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Hosting;

namespace PromptStack.Web.Infrastructure;

public static class EngineSetup
{
    /// <summary>
    /// The provisioning engine and its AWS drivers, each registered (with its settings validated at start) by its
    /// own project; here only what the web host adds: requests, local previews, cleanup loops and the health check.
    /// </summary>
    public static IServiceCollection AddEngine(this IServiceCollection services, IConfiguration c)
    {
        services.AddProvisioning(c);
        services.AddAwsDrivers(c);

        // Local previews exist only against an emulator, where S3 serves no websites.
        services.AddOptions<EngineOptions>()
            .Configure(o => o.PreviewBaseUrl = AwsVariables.UsesEmulator(c) ? PreviewBaseUrlOf(c) : null)
            .Validate(o => o.PreviewBaseUrl is null || IsOrigin(o.PreviewBaseUrl),
                "PREVIEW_BASE_URL must be an http(s) address with no path, e.g. https://apps.example.net.");

        services.AddScoped<ProjectChange>();
        services.AddSingleton<PreviewRuntime>();
        services.AddSingleton<PreviewCookie>();
        services.AddHostedService<PreviewWarmup>();
        services.AddHostedService<CleanupService>();
        services.AddHealthChecks().AddCheck<CloudHealthCheck>("cloud", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// PREVIEW_BASE_URL, e.g. https://apps.example.net for a wildcard domain; by default
    /// preview.localhost on the platform's own port (browsers resolve *.localhost to this machine).
    /// </summary>
    private static string PreviewBaseUrlOf(IConfiguration c)
    {
        if (c["PREVIEW_BASE_URL"] is { Length: > 0 } configured)
        {
            return configured.Trim().TrimEnd('/');
        }

        var listen = PlatformOptions.FirstListenAddress(c);
        return $"{listen.Scheme}://preview.localhost:{listen.Port}";
    }

    private static bool IsOrigin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
        && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}
