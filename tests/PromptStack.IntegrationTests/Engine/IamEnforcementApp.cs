using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Resilience;
using PromptStack.Web.Infrastructure;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// An account set up exactly as the README's "Running on AWS" says, in an enforcing moto: the documents the
/// <c>bootstrap</c> command prints become the server identity (an IAM user with keys and policy 4), the project
/// role boundary (1) and the platform role (trust policy 2, permissions policy 3). The app then runs with
/// AWS_ROLE_ARN, AWS_EXTERNAL_ID and AWS_PERMISSIONS_BOUNDARY_ARN and assumes the role with the user's keys; its
/// clock is fake so that the TTL reaper can be driven.
/// </summary>
public sealed partial class IamEnforcementApp : SqliteApp
{
    public const string ServerUser = "promptstack-server";
    public const string PlatformRole = "promptstack-platform";
    public const string Boundary = "promptstack-project-boundary";
    public const string ExternalId = "iam-enforcement-external-id";

    private EnforcingMoto? moto;
    private AmazonSecurityTokenServiceClient? serverSts;

    public IamEnforcementApp()
    {
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Settings["REAPER_INTERVAL_SECONDS"] = "60";
        Settings["RESOURCE_TIMEOUT_MINUTES"] = "30";
        Settings["MAX_RESOURCE_TIMEOUT_MINUTES"] = "180";
    }

    public EnforcingMoto Moto => moto ?? throw new InvalidOperationException("moto has not started");

    public string ServerArn { get; private set; } = null!;

    /// <summary>The server identity's access key: it may assume the platform role and nothing else.</summary>
    public AWSCredentials ServerKeys { get; private set; } = null!;

    public string RoleArn { get; private set; } = null!;

    public string BoundaryArn { get; private set; } = null!;

    /// <summary>The four documents as <c>bootstrap</c> printed them, by their number.</summary>
    public IReadOnlyDictionary<int, string> Documents { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        moto = await EnforcingMoto.StartAsync();
        var admin = Moto.Admin;

        // The account id is moto's; the user's ARN is known only once it exists, and the documents need it.
        var account = EnforcingMoto.Value(await Moto.IamAsync(admin, "GetUser", ("UserName", "admin")), "Arn").Split(':')[4];
        ServerArn = $"arn:aws:iam::{account}:user/{ServerUser}";
        RoleArn = $"arn:aws:iam::{account}:role/{PlatformRole}";
        BoundaryArn = $"arn:aws:iam::{account}:policy/{Boundary}";
        Documents = Bootstrap(ServerArn, RoleArn, BoundaryArn);

        (var arn, ServerKeys) = await Moto.CreateUserAsync(admin, ServerUser, Documents[4]);
        Assert.Equal(ServerArn, arn);
        var created = await Moto.IamAsync(admin, "CreatePolicy", ("PolicyName", Boundary), ("PolicyDocument", Documents[1]));
        Assert.Equal(BoundaryArn, EnforcingMoto.Value(created, "Arn"));
        await Moto.IamAsync(admin, "CreateRole", ("RoleName", PlatformRole), ("AssumeRolePolicyDocument", Documents[2]));
        await Moto.IamAsync(admin, "PutRolePolicy", ("RoleName", PlatformRole), ("PolicyName", "permissions"), ("PolicyDocument", Documents[3]));

        Settings["AWS_ENDPOINT_URL"] = Moto.Url;
        Settings["AWS_ROLE_ARN"] = RoleArn;
        Settings["AWS_EXTERNAL_ID"] = ExternalId;
        Settings["AWS_PERMISSIONS_BOUNDARY_ARN"] = BoundaryArn;
    }

    /// <summary>The variables an operator would set for the server's process (the keys of the server identity).</summary>
    public Dictionary<string, string?> ProcessEnvironment(string dataDirectory)
    {
        var keys = ServerKeys.GetCredentials();
        return new Dictionary<string, string?>
        {
            ["DATA_DIR"] = dataDirectory,
            ["JWT_SECRET"] = JwtSecret,
            ["DATABASE_URL"] = null,
            ["AWS_ENDPOINT_URL"] = Moto.Url,
            ["AWS_ACCESS_KEY_ID"] = keys.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = keys.SecretKey,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_ROLE_ARN"] = RoleArn,
            ["AWS_EXTERNAL_ID"] = ExternalId,
            ["AWS_PERMISSIONS_BOUNDARY_ARN"] = BoundaryArn,
        };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        serverSts?.Dispose();
        if (moto is not null)
        {
            await moto.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // The process' own credentials come from its environment, which an in-process host shares with every other
        // test: here the server identity's keys are given to the STS client that assumes the role instead. All
        // other AWS calls are made with the assumed-role sessions, exactly as in a deployment.
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var settings = sp.GetRequiredService<AwsSettings>();
            var config = new AmazonSecurityTokenServiceConfig();
            settings.ApplyTo(config);
            serverSts = new AmazonSecurityTokenServiceClient(ServerKeys, config);
            return new AwsCredentialSource(
                settings, sp.GetRequiredService<TimeProvider>(), serverSts, sp.GetRequiredService<AwsPacer>(), sp.GetRequiredService<RetryOptions>());
        })));
    }

    /// <summary>Runs the <c>bootstrap</c> command and splits what it prints into its numbered documents.</summary>
    private static Dictionary<int, string> Bootstrap(string principal, string role, string boundary)
    {
        var output = new StringWriter();
        var exit = BootstrapCommand.Run(
            ["bootstrap", "--principal", principal, "--external-id", ExternalId, "--role-arn", role, "--boundary-arn", boundary], output);
        Assert.Equal(0, exit);
        var documents = DocumentHeading().Split(output.ToString()).Skip(1).Chunk(2)
            .ToDictionary(pair => int.Parse(pair[0], System.Globalization.CultureInfo.InvariantCulture), pair => pair[1].Trim());
        Assert.Equal([1, 2, 3, 4], documents.Keys.Order());
        return documents;
    }

    [GeneratedRegex(@"^# (\d)\. .*$", RegexOptions.Multiline)]
    private static partial Regex DocumentHeading();
}
