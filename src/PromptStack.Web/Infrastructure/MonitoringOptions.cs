using System.Text.RegularExpressions;

namespace PromptStack.Web.Infrastructure;

/// <summary>METRICS_URLS, OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME, read and checked once.</summary>
public sealed partial class MonitoringOptions
{
    /// <summary>Loopback only by default: the scrape endpoint has no authentication.</summary>
    public const string DefaultMetricsUrls = "http://127.0.0.1:9464";

    public const string DefaultServiceName = "promptstack";

    private readonly List<string> problems = [];

    /// <summary>Where Kestrel also listens for <c>/metrics</c> and nothing else; empty when the endpoint is off.</summary>
    public IReadOnlyList<string> MetricsUrls { get; private set; } = [];

    /// <summary>The ports of <see cref="MetricsUrls"/>: a request arriving on one of them is a management request.</summary>
    public IReadOnlySet<int> MetricsPorts { get; private set; } = new HashSet<int>();

    /// <summary>Traces (and metrics) go over OTLP only when this is set.</summary>
    public Uri? OtlpEndpoint { get; private set; }

    public string ServiceName { get; private set; } = DefaultServiceName;

    public bool MetricsEnabled => MetricsUrls.Count > 0;

    public IEnumerable<string> Problems() => problems;

    /// <summary>
    /// Reads the settings. Unset METRICS_URLS means the default; set but empty (or "off") turns it off.
    /// <paramref name="platformUrls"/> are the platform's own addresses, whose ports the management port must not share.
    /// </summary>
    public static MonitoringOptions From(IConfiguration configuration, IEnumerable<string> platformUrls)
    {
        var options = new MonitoringOptions();
        options.Bind(configuration, platformUrls);
        return options;
    }

    public void Bind(IConfiguration configuration, IEnumerable<string> platformUrls)
    {
        problems.Clear();
        var text = configuration["METRICS_URLS"] ?? DefaultMetricsUrls;
        var urls = text.Trim() is "" or "off" ? [] : text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ports = new HashSet<int>();
        foreach (var url in urls)
        {
            if (PortOf(url) is { } port)
            {
                ports.Add(port);
            }
            else
            {
                problems.Add($"METRICS_URLS: '{url}' must be an http address with an explicit port and no path, e.g. {DefaultMetricsUrls} (empty turns /metrics off).");
            }
        }

        var mainPorts = platformUrls.Select(u => ExplicitPort().Match(u)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var shared in mainPorts.Where(p => p != 0 && ports.Contains(p)).Distinct())
        {
            problems.Add($"METRICS_URLS must use a port of its own: {shared} also serves the platform (--urls / ASPNETCORE_URLS).");
        }

        MetricsUrls = urls;
        MetricsPorts = ports;
        OtlpEndpoint = null;
        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } otlp)
        {
            if (Uri.TryCreate(otlp.Trim(), UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https")
            {
                OtlpEndpoint = endpoint;
            }
            else
            {
                problems.Add($"OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) address such as http://collector:4317, not '{otlp}'.");
            }
        }

        ServiceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name.Trim() : DefaultServiceName;
    }

    /// <summary>The port of an http://host:port address (host may be * or + for every interface); null when it is not one.</summary>
    private static int? PortOf(string url)
    {
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        var match = ExplicitPort().Match(normalized);
        return Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.Scheme == "http" && uri.AbsolutePath == "/"
               && uri.Query.Length == 0 && uri.UserInfo.Length == 0 && match.Success && uri.Port is > 0 and <= 65535
            ? uri.Port
            : null;
    }

    [GeneratedRegex(@"^[a-z]+://[^/]*:(\d{1,5})/?$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitPort();
}
