using PromptStack.Provisioning.Aws;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>
/// An app whose AWS traffic, STS AssumeRole included, passes a <see cref="FaultProxy"/> in front of its own moto
/// server; <see cref="Cloud"/> talks to moto directly, so the tests' own inventory is neither counted nor faulted.
/// </summary>
public class ProxiedCloudApp : SqliteApp
{
    private MotoServer? _moto;
    private AwsCredentialSource? _credentials;

    public FaultProxy Proxy { get; private set; } = null!;

    public AwsClientFactory Cloud { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        _moto = await MotoServer.StartAsync();
        Proxy = await FaultProxy.StartAsync(_moto.Url);
        var direct = new AwsSettings { EndpointUrl = _moto.Url };
        _credentials = new AwsCredentialSource(direct);
        Cloud = new AwsClientFactory(direct, _credentials);

        Settings["AWS_ENDPOINT_URL"] = Proxy.Url;

        // Every user gets an assumed-role session (moto accepts any role), so STS is called, and faulted, too.
        Settings["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/promptstack-provisioner";
        Settings["AWS_EXTERNAL_ID"] = "promptstack-tests";

        // Hundreds of stacks polled every 50 ms would log thousands of request lines on two busy cores.
        Settings["Logging:LogLevel:Default"] = "Warning";
        Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning";
        Settings["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Warning";
        await base.InitializeAsync();
    }

    /// <summary>
    /// CPU time moto's process has used so far (Linux /proc), to tell whether the emulator bounds a run; zero where
    /// it cannot be read.
    /// </summary>
    public TimeSpan MotoCpuTime()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (!command.Contains("moto.server") || !command.Contains(_moto!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    continue;
                }

                // Fields after the parenthesised name: state is field 3, utime and stime are fields 14 and 15, in 1/100 s.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return TimeSpan.FromSeconds((long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                    + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A process that ended while being read.
            }
        }

        return TimeSpan.Zero;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Cloud?.Dispose();
        _credentials?.Dispose();
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }
    }
}
