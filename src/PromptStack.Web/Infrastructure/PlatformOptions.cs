namespace PromptStack.Web.Infrastructure;

/// <summary>Settings read from the environment variables documented in the README.</summary>
public sealed class PlatformOptions
{
    public int MaxProjects { get; set; } = 10;
    public decimal MaxProjectMonthlyCost { get; set; } = 50m;
    public decimal MaxTotalMonthlyCost { get; set; } = 100m;

    public string DataDirectory { get; set; } = "data";

    /// <summary>PLATFORM_URL: where people reach the UI, for links back to it from previews; by default the first listen address.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5000";
    public IReadOnlyList<string> CorsOrigins { get; set; } = [];

    /// <summary>TRUSTED_PROXIES: addresses or CIDR networks whose X-Forwarded-For/-Proto are believed; none by default.</summary>
    public IReadOnlyList<string> TrustedProxies { get; set; } = [];

    public int AuthRequestsPerMinute { get; set; } = 10;
    public int ProjectCreatesPerMinute { get; set; } = 20;
    public int OperationsPerMinute { get; set; } = 30;

    /// <summary>DATA_DIR: the SQLite file, the generated JWT key and the preview's files live there.</summary>
    public static string DataDirectoryOf(IConfiguration c) => c.GetValue("DATA_DIR", "data")!;

    /// <summary>Reads the flat environment-style keys (MAX_RESOURCES_PER_USER, ...) into <paramref name="o"/>.</summary>
    public static void Bind(IConfiguration c, PlatformOptions o)
    {
        o.MaxProjects = c.GetValue("MAX_RESOURCES_PER_USER", o.MaxProjects);
        o.MaxProjectMonthlyCost = c.GetValue("MAX_COST_PER_PROJECT", o.MaxProjectMonthlyCost);
        o.MaxTotalMonthlyCost = c.GetValue("MAX_TOTAL_COST_PER_USER", o.MaxTotalMonthlyCost);
        o.DataDirectory = DataDirectoryOf(c);
        o.PublicUrl = PublicUrlOf(c);
        o.CorsOrigins = SplitList(c["CORS_ORIGIN"]);
        o.TrustedProxies = SplitList(c["TRUSTED_PROXIES"]);
        o.AuthRequestsPerMinute = c.GetValue("RATE_LIMIT_AUTH_PER_MINUTE", o.AuthRequestsPerMinute);
        o.ProjectCreatesPerMinute = c.GetValue("RATE_LIMIT_CREATE_PER_MINUTE", o.ProjectCreatesPerMinute);
        o.OperationsPerMinute = c.GetValue("RATE_LIMIT_OPERATIONS_PER_MINUTE", o.OperationsPerMinute);
    }

    public IEnumerable<string> Validate()
    {
        if (MaxProjects < 0) yield return "MAX_RESOURCES_PER_USER must be 0 or more.";
        if (MaxProjectMonthlyCost < 0) yield return "MAX_COST_PER_PROJECT must be 0 or more.";
        if (MaxTotalMonthlyCost < 0) yield return "MAX_TOTAL_COST_PER_USER must be 0 or more.";
        foreach (var proxy in TrustedProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _) && !System.Net.IPNetwork.TryParse(p, out _)))
        {
            yield return $"TRUSTED_PROXIES: '{proxy}' is neither an IP address nor a CIDR network.";
        }

        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var publicUrl) || publicUrl.Scheme is not ("http" or "https"))
        {
            yield return $"PLATFORM_URL must be an http(s) address, not '{PublicUrl}'.";
        }

        if (AuthRequestsPerMinute < 1 || ProjectCreatesPerMinute < 1 || OperationsPerMinute < 1) yield return "Rate limits must be at least 1 per minute.";
    }

    private static string PublicUrlOf(IConfiguration c) =>
        c["PLATFORM_URL"] is { Length: > 0 } configured ? configured.Trim().TrimEnd('/') : FirstListenAddress(c).GetLeftPart(UriPartial.Authority);

    /// <summary>The first address the server listens on (<c>urls</c>), with <c>localhost</c> for a wildcard host.</summary>
    public static Uri FirstListenAddress(IConfiguration c)
    {
        var first = (c["urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        return new Uri(first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal));
    }

    private static List<string> SplitList(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
