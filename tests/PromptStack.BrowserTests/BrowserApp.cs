using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PromptStack.BrowserTests;

/// <summary>
/// PromptStack on real Kestrel (a loopback port), in local mode: embedded SQLite in a temporary
/// folder and a moto AWS emulator that the app starts itself. Browsers need a real socket, so
/// this is not the in-memory test server.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>
{
    public const string JwtSecret = "browser-tests-secret-that-is-long-enough-0123456789";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "promptstack-browser", Guid.NewGuid().ToString("N"));

    /// <summary>Settings beyond the defaults below (environment-style keys); set them before <see cref="Start"/>.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The port, chosen before start: the preview origins (*.preview.localhost) are named with it.</summary>
    public int Port { get; } = FreePort();

    public void Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::1]", "localhost", StringComparison.Ordinal).TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DATA_DIR", DataDirectory);
        builder.UseSetting("JWT_SECRET", JwtSecret);
        builder.UseSetting("PREVIEW_BASE_URL", $"http://preview.localhost:{Port}");
        builder.UseSetting("PLATFORM_URL", $"http://127.0.0.1:{Port}");
        builder.UseSetting("RATE_LIMIT_AUTH_PER_MINUTE", "10000");
        builder.UseSetting("RATE_LIMIT_CREATE_PER_MINUTE", "10000");
        builder.UseSetting("RATE_LIMIT_OPERATIONS_PER_MINUTE", "10000");
        builder.UseSetting("RECONCILER_POLL_MS", "200");
        builder.UseSetting("SWEEPER_INTERVAL_SECONDS", "0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the temp folder is cleaned eventually.
        }
    }
}
