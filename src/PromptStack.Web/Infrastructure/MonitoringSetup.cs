using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PromptStack.Provisioning.Aws.Resilience;
using PromptStack.Provisioning.Configuration;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.Web.Infrastructure;

/// <summary>
/// OpenTelemetry: metrics (the platform's meter, ASP.NET Core, HttpClient, runtime, EF Core, Npgsql) scraped as
/// Prometheus text on a management port of their own, and, when an OTLP endpoint is set, traces and metrics over OTLP.
/// </summary>
public static class MonitoringSetup
{
    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder)
    {
        // Captured before the management addresses are added to them.
        var platformUrls = MainUrls(builder.Configuration).ToList();
        builder.Services.AddOptions<MonitoringOptions>()
            .Configure<IConfiguration>((o, c) => o.Bind(c, platformUrls))
            .ValidateSettings(o => o.Problems())
            .ValidateOnStart();

        // Read now as well: the listening addresses and the exporters are chosen before the container exists.
        // A bad value adds nothing here and stops the start through the validation above, naming the variable.
        var monitoring = MonitoringOptions.From(builder.Configuration, platformUrls);
        builder.Services.AddSingleton(new MonitoringPlan(monitoring));
        if (monitoring.Problems().Any())
        {
            return builder;
        }

        if (monitoring.MetricsEnabled)
        {
            // Added to the platform's own addresses: Kestrel's Listen() or endpoint configuration would replace them.
            builder.WebHost.UseUrls([.. MainUrls(builder.Configuration), .. monitoring.MetricsUrls]);
        }

        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService(monitoring.ServiceName));
        if (monitoring.MetricsEnabled || monitoring.OtlpEndpoint is not null)
        {
            otel.WithMetrics(metrics =>
            {
                metrics.AddMeter(PlatformTelemetry.Name, "Microsoft.EntityFrameworkCore", "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddView(BoundedStream);
                if (monitoring.MetricsEnabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (monitoring.OtlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter();
                }
            });
        }

        if (monitoring.OtlpEndpoint is not null)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(PlatformTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !monitoring.MetricsPorts.Contains(context.Connection.LocalPort) && !context.Request.Path.StartsWithSegments("/health"))
                // Only inside a trace (an AWS call of an operation): background chores start no trace of their own.
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = _ => System.Diagnostics.Activity.Current?.Parent is not null)
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// Answers <c>/metrics</c> on the management port and 404 to everything else there; nothing of the platform is
    /// reachable through that port, and <c>/metrics</c> is not reachable through the platform's. Goes first in the pipeline.
    /// </summary>
    public static WebApplication UseMonitoring(this WebApplication app)
    {
        // What AddMonitoring set up; bad settings set up nothing and stop the start when options are validated.
        var monitoring = app.Services.GetRequiredService<MonitoringPlan>().Options;
        if (monitoring.Problems().Any() || (!monitoring.MetricsEnabled && monitoring.OtlpEndpoint is null))
        {
            return app;
        }

        app.Services.GetRequiredService<PlatformGauges>();
        if (app.Services.GetService<MeterProvider>() is null)
        {
            return app;
        }

        // The meter provider listens from here on (resolving it built it): now a zero is recorded.
        EngineMetrics.StartAtZero();
        AwsCallMetrics.StartAtZero();
        if (!monitoring.MetricsEnabled)
        {
            return app;
        }

        // By the port the connection arrived on, not the Host header, which any client can set.
        app.MapWhen(context => monitoring.MetricsPorts.Contains(context.Connection.LocalPort), management =>
        {
            management.UseOpenTelemetryPrometheusScrapingEndpoint();
            management.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
        return app;
    }

    /// <summary>
    /// Every metric stream keeps room for its cardinality limit from the start: at OpenTelemetry's default of 2,000 label
    /// sets that was about 220 KB per stream, 15 MB of each instance's heap for the 70 streams here, none of which comes
    /// near 500 (measurements beyond the limit are still counted, labelled <c>otel_metric_overflow="true"</c>). The
    /// HTTP client's metrics leave out the host: against AWS each S3 bucket is a host of its own
    /// (<c>bucket.s3.region.amazonaws.com</c>), which would make a series per stack; the platform's own AWS call
    /// metrics say which service and operation was called.
    /// </summary>
    private static MetricStreamConfiguration BoundedStream(System.Diagnostics.Metrics.Instrument instrument)
    {
        var stream = new MetricStreamConfiguration { CardinalityLimit = MaxLabelSetsPerMetric };
        if (instrument.Meter.Name == "System.Net.Http")
        {
            stream.ExcludedTagKeys = ["server.address"];
        }

        return stream;
    }

    private const int MaxLabelSetsPerMetric = 500;

    /// <summary>The addresses Kestrel would use without METRICS_URLS: --urls / ASPNETCORE_URLS, else the HTTP(S)_PORTS, else its default.</summary>
    private static IEnumerable<string> MainUrls(IConfiguration configuration)
    {
        static string[] Split(string? value) => (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var urls = Split(configuration["urls"]);
        if (urls.Length > 0)
        {
            return urls;
        }

        var ports = Split(configuration["http_ports"]).Select(p => $"http://*:{p}").Concat(Split(configuration["https_ports"]).Select(p => $"https://*:{p}")).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }
}
