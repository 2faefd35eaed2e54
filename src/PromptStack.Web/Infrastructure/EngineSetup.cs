using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Aws.Resilience;
using PromptStack.Provisioning.Engine;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Hosting;

namespace PromptStack.Web.Infrastructure;

public static class EngineSetup
{
    /// <summary>The provisioning engine: AWS clients and drivers, reconciler, TTL reaper and orphan sweeper.</summary>
    public static IServiceCollection AddEngine(this IServiceCollection services, IConfiguration c)
    {
        var aws = new AwsSettings
        {
            Region = c.GetValue("AWS_REGION", "us-east-1")!,
            EndpointUrl = c["AWS_ENDPOINT_URL"],
            RoleArn = c["AWS_ROLE_ARN"],
            ExternalId = c["AWS_EXTERNAL_ID"],
            Environment = c.GetValue("PLATFORM_ENVIRONMENT", "local")!,
            ManagedBy = c.GetValue("PLATFORM_NAME", "promptstack")!,
        };
        var engine = new EngineOptions
        {
            ManagedBy = aws.ManagedBy,
            Environment = aws.Environment,
            NamePrefix = c.GetValue("RESOURCE_NAME_PREFIX", "ps")!,
            LeaseDuration = TimeSpan.FromSeconds(c.GetValue("RECONCILER_LEASE_SECONDS", 60)),
            PollInterval = TimeSpan.FromMilliseconds(c.GetValue("RECONCILER_POLL_MS", 2000)),
            ReaperInterval = TimeSpan.FromSeconds(c.GetValue("REAPER_INTERVAL_SECONDS", 15)),
            SweeperInterval = TimeSpan.FromSeconds(c.GetValue("SWEEPER_INTERVAL_SECONDS", 600)),
            OrphanGracePeriod = TimeSpan.FromSeconds(c.GetValue("ORPHAN_GRACE_SECONDS", 300)),
            PreviewBaseUrl = aws.UsesCustomEndpoint ? PreviewBaseUrlOf(c) : null,
        };
        var drivers = new DriverSettings
        {
            Region = aws.Region,
            PermissionsBoundaryArn = c["AWS_PERMISSIONS_BOUNDARY_ARN"],
            PublicSiteBuckets = c.GetValue("PUBLIC_SITE_BUCKETS", aws.UsesCustomEndpoint),
        };

        // AWS's control-plane limits do not exist in an emulator: there, only classes set explicitly are paced.
        var pacing = AwsPacingSettings.From(key => c[key], withAwsDefaults: !aws.UsesCustomEndpoint);
        var retries = new RetryOptions
        {
            MaxAttempts = c.GetValue("AWS_RETRY_MAX_ATTEMPTS", RetryOptions.Default.MaxAttempts),
            BaseDelay = TimeSpan.FromMilliseconds(c.GetValue("AWS_RETRY_BASE_DELAY_MS", RetryOptions.Default.BaseDelay.TotalMilliseconds)),
        };

        services.AddSingleton(aws);
        services.AddSingleton(pacing);
        services.AddSingleton(new AwsPacer(pacing));
        services.AddSingleton(engine);
        services.AddSingleton(drivers);
        services.AddSingleton(sp =>
            new AwsCredentialSource(aws, sp.GetRequiredService<TimeProvider>(), pacer: sp.GetRequiredService<AwsPacer>(), retries: retries));
        services.AddSingleton(sp => new AwsClientFactory(aws, sp.GetRequiredService<AwsCredentialSource>(), sp.GetRequiredService<AwsPacer>(), retries));
        services.AddSingleton<IEnumerable<IResourceDriver>>(sp =>
            AwsDrivers.Create(sp.GetRequiredService<AwsClientFactory>(), engine, drivers));
        services.AddSingleton<IApplicationDeployer>(sp => new AwsApplicationDeployer(sp.GetRequiredService<AwsClientFactory>(), drivers, relativeApiUrl: aws.UsesCustomEndpoint));
        services.AddSingleton<ReconcilerSignal>();
        services.AddSingleton<ReconcilerFaults>();
        services.AddSingleton<ProjectReconciler>();
        services.AddSingleton(sp => sp.GetRequiredService<PlatformOptions>().Lifecycle);
        services.AddSingleton<TtlReaper>();
        services.AddSingleton<OrphanSweeper>();
        services.AddScoped<ProjectChange>();
        services.AddSingleton<PromptStack.Web.Features.Preview.PreviewRuntime>();
        services.AddSingleton<PromptStack.Web.Features.Preview.PreviewCookie>();
        services.AddHostedService<PromptStack.Web.Features.Preview.PreviewWarmup>();
        services.AddHostedService<ReconcilerService>();
        services.AddHostedService<CleanupService>();
        services.AddHealthChecks().AddCheck<CloudHealthCheck>("cloud", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// PREVIEW_BASE_URL, e.g. https://apps.example.net for a wildcard domain; by default
    /// preview.localhost on the platform's own port (browsers resolve *.localhost to this machine).
    /// </summary>
    public static string PreviewBaseUrlOf(IConfiguration c)
    {
        if (c["PREVIEW_BASE_URL"] is { Length: > 0 } configured)
        {
            return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
                ? configured.TrimEnd('/')
                : throw new InvalidOperationException($"PREVIEW_BASE_URL '{configured}' must be an http(s) address with no path, e.g. https://apps.example.net.");
        }

        var first = (c["urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var listen = new Uri(first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal));
        return $"{listen.Scheme}://preview.localhost:{listen.Port}";
    }
}
