using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Resilience;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>
/// A moto server that authenticates and authorizes every request against IAM (INITIAL_NO_AUTH_ACTION_COUNT): the
/// first three calls are free and make an admin user with keys; everything after must be signed by a key moto knows
/// and is allowed only by that identity's IAM policies (an assumed-role session: its role's policies).
/// Two faults of moto 5.2.1 are patched in the emulator (see <see cref="Patches"/>); nothing else is changed.
/// </summary>
public sealed class EnforcingMoto : IAsyncDisposable
{
    /// <summary>Free (unauthenticated) calls before moto enforces: CreateUser, PutUserPolicy, CreateAccessKey of the admin.</summary>
    public const int FreeCalls = 3;

    /// <summary>
    /// 1. moto computes the expected SigV4 signature of a request without a body over its query string or, failing
    ///    that, its headers, form-encoded as if they were the body, and it drops a trailing slash from the path: every
    ///    Lambda and API Gateway GET or DELETE is then refused as SignatureDoesNotMatch although the SDK signed it
    ///    correctly. The comparison is skipped; the key must still be one moto issued (IAM user key, or an
    ///    assumed-role key with its own session token), and authorization is untouched.
    /// 2. For a role that does not exist yet (CreateRole) moto authorizes against the resource "*" instead of the new
    ///    role's ARN, so a statement scoped to arn:aws:iam::*:role/ps-* could never allow creating one; AWS uses the ARN.
    /// </summary>
    private const string Patches = """
        import sys
        from moto.iam import access_control, responses
        from moto.iam.exceptions import NotFoundException
        access_control.IAMRequestBase.check_signature = lambda self: None
        def resolve_role_arn(self, role_name):
            try:
                return self.backend.get_role(role_name).arn
            except NotFoundException:
                path = self.data.get("Path", ["/"])[0] or "/"
                return f"arn:{self.partition}:iam::{self.current_account}:role{path}{role_name}"
        responses.IamResponse._resolve_resource_arn = resolve_role_arn
        from moto.server import main
        main(sys.argv[1:])
        """;

    private readonly Process process;
    private readonly AwsPacer pacer = new(new AwsPacingSettings());
    private readonly HttpClient sigV4;
    private readonly List<string> output = [];
    private readonly List<string> refusals = [];

    private EnforcingMoto(Process process, int port)
    {
        this.process = process;
        Url = $"http://127.0.0.1:{port}";
        sigV4 = new HttpClient(AwsTransport.CreateSigV4Handler(new SocketsHttpHandler(), pacer, RetryOptions.Default));
    }

    public string Url { get; }

    /// <summary>Keys of the admin user made in the free calls (Action "*" on Resource "*").</summary>
    public AWSCredentials Admin { get; private set; } = null!;

    /// <summary>
    /// Every request moto answered 403 so far (AccessDenied, an unknown key or token), as its log line: a driver
    /// that swallowed a refusal would pass unnoticed otherwise.
    /// </summary>
    public IReadOnlyList<string> Refusals
    {
        get
        {
            lock (output)
            {
                return [.. refusals];
            }
        }
    }

    /// <summary>The last lines moto wrote (it logs every request with its status).</summary>
    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output.TakeLast(40));
            }
        }
    }

    public static async Task<EnforcingMoto> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", Patches, "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["INITIAL_NO_AUTH_ACTION_COUNT"] = FreeCalls.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var moto = new EnforcingMoto(Process.Start(start)!, port);
        moto.process.OutputDataReceived += (_, e) => moto.Remember(e.Data);
        moto.process.ErrorDataReceived += (_, e) => moto.Remember(e.Data);
        moto.process.BeginOutputReadLine();
        moto.process.BeginErrorReadLine();
        try
        {
            await moto.WaitUntilListeningAsync();
            moto.Admin = await moto.CreateAdminAsync();
            return moto;
        }
        catch
        {
            await moto.DisposeAsync();
            throw;
        }
    }

    /// <summary>An IAM Query call (Action plus parameters) signed with <paramref name="credentials"/>; its result element.</summary>
    public async Task<XElement> IamAsync(AWSCredentials credentials, string action, params (string Key, string Value)[] parameters)
    {
        var client = new SigV4HttpClient(sigV4, credentials, "iam", new Uri(Url), RegionEndpoint.USEast1);
        var query = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2010-05-08") };
        query.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
        var answer = await client.SendQueryAsync(query, CancellationToken.None);
        // Actions that return nothing (PutUserPolicy) have no result element.
        return answer.Root!.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result") ?? answer.Root!;
    }

    /// <summary>Creates an IAM user with one inline policy and returns its new access key.</summary>
    public async Task<(string Arn, AWSCredentials Keys)> CreateUserAsync(AWSCredentials caller, string name, string policy)
    {
        var arn = Value(await IamAsync(caller, "CreateUser", ("UserName", name)), "Arn");
        await IamAsync(caller, "PutUserPolicy", ("UserName", name), ("PolicyName", name), ("PolicyDocument", policy));
        var key = await IamAsync(caller, "CreateAccessKey", ("UserName", name));
        return (arn, new BasicAWSCredentials(Value(key, "AccessKeyId"), Value(key, "SecretAccessKey")));
    }

    public static string Value(XElement result, string name) => result.Descendants().First(e => e.Name.LocalName == name).Value;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        sigV4.Dispose();
        pacer.Dispose();
    }

    private async Task<AWSCredentials> CreateAdminAsync()
    {
        // Before enforcement starts any key will do; these three calls are the free ones.
        var (_, keys) = await CreateUserAsync(
            new BasicAWSCredentials("bootstrap", "bootstrap"), "admin",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");
        return keys;
    }

    private async Task WaitUntilListeningAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(process.HasExited, "moto exited at start:\n" + RecentOutput);
            try
            {
                // Not an AWS action: it does not count against the free calls.
                using var answer = await http.GetAsync(Url + "/moto-api/");
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "moto did not start:\n" + RecentOutput);
                await Task.Delay(100);
            }
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (line.Contains("\" 403 ", StringComparison.Ordinal))
            {
                refusals.Add(line);
            }

            output.Add(line);
            if (output.Count > 400)
            {
                output.RemoveRange(0, 200);
            }
        }
    }
}
