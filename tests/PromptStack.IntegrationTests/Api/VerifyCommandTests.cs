using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using PromptStack.Web.Infrastructure;
using PromptStack.Web.Infrastructure.Verify;

namespace PromptStack.IntegrationTests.Api;

/// <summary><c>PromptStack.Web verify</c> against moto: in-process through RunAsync and as the real process.</summary>
public sealed partial class VerifyCommandTests(SharedMoto moto) : IClassFixture<SharedMoto>, IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "promptstack-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Verify_AgainstMoto_PassesEveryCheckAndLeavesNothing()
    {
        await MigrateAsync();

        var (exit, output) = await RunAsync(Settings());

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("[FAIL]", output, StringComparison.Ordinal);
        Assert.Matches(@"\[ok\]   Database: SQLite, \d+ migrations applied, none pending", output);
        Assert.Contains("[ok]   AWS identity: ", output, StringComparison.Ordinal);
        Assert.Contains("[skip] AssumeRole: AWS_ROLE_ARN not set", output, StringComparison.Ordinal);
        foreach (var kind in new[] { "dynamodb-table", "s3-bucket", "iam-role", "lambda-function", "http-api" })
        {
            Assert.Matches($@"\[ok\]   Canary {kind}: created ps-[0-9a-f]{{8}}-verify-", output);
        }

        Assert.Contains("[ok]   Canaries found by tags: all 5 listed", output, StringComparison.Ordinal);
        Assert.Contains("[ok]   Orphan sweeper: lists all 5 kinds", output, StringComparison.Ordinal);
        Assert.Contains("[ok]   Canary cleanup: 5 deleted", output, StringComparison.Ordinal);
        Assert.EndsWith("All checks passed (12 ok, 1 skipped).", output.Trim(), StringComparison.Ordinal);
        Assert.Empty(await CloudInventory.ForProjectAsync(Factory(), CanaryProjectId(output)));
    }

    [Fact]
    public async Task Verify_WithAssumeRoleAgainstMoto_AssumesTheRoleAndPasses()
    {
        var settings = Settings();
        settings["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/promptstack-platform";
        settings["AWS_EXTERNAL_ID"] = "verify-external-id";

        var (exit, output) = await RunAsync(settings);

        Assert.True(exit == 0, output);
        Assert.Contains("[ok]   AssumeRole: arn:aws:iam::123456789012:role/promptstack-platform with the external id and the UserId session tag", output, StringComparison.Ordinal);
        Assert.Empty(await CloudInventory.ForProjectAsync(Factory(), CanaryProjectId(output)));
    }

    [Fact]
    public async Task Verify_WrongEndpoint_Exits1WithAReadableLine()
    {
        var settings = Settings();
        settings["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1";

        var (exit, output) = await RunAsync(settings);

        Assert.True(exit == 1, output);
        Assert.Contains("[FAIL] AWS identity: could not reach http://127.0.0.1:1", output, StringComparison.Ordinal);
        Assert.Contains("check AWS_ENDPOINT_URL / AWS_REGION", output, StringComparison.Ordinal);
        Assert.Contains("[skip] AssumeRole, canaries, orphan sweeper: not tried", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.EndsWith("1 check(s) failed, 3 ok, 1 skipped: fix the [FAIL] lines above and run verify again.", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BadSetting_FailsSettingsNamingTheVariableAndSkipsTheCloud()
    {
        var settings = Settings();
        settings["AWS_REGION"] = "not a region";

        var (exit, output) = await RunAsync(settings);

        Assert.True(exit == 1, output);
        Assert.Matches(@"\[FAIL\] Settings: .*AWS_REGION", output);
        Assert.Contains("[skip] Cloud: not tried until the settings above are fixed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_PostgresWithoutSecret_FailsDatabaseAndJwtSecret()
    {
        var settings = new Dictionary<string, string?>
        {
            ["DATA_DIR"] = dataDirectory,
            ["DATABASE_URL"] = "Host=127.0.0.1;Port=1;Database=promptstack;Username=promptstack;Timeout=3",
        };

        var (exit, output) = await RunAsync(settings);

        Assert.True(exit == 1, output);
        Assert.Contains("[FAIL] Database: ", output, StringComparison.Ordinal);
        Assert.Contains("check DATABASE_URL", output, StringComparison.Ordinal);
        Assert.Contains("[FAIL] JWT secret: JWT_SECRET is required when DATABASE_URL is set", output, StringComparison.Ordinal);
        Assert.Contains("[skip] AWS: neither AWS_ENDPOINT_URL nor AWS_ROLE_ARN is set", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BadArguments_Exits2WithUsage()
    {
        var output = new StringWriter();

        var exit = await VerifyCommand.RunAsync(["verify", "--now"], new ConfigurationBuilder().Build(), output);

        Assert.Equal(2, exit);
        Assert.StartsWith("usage: PromptStack.Web verify", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AsProcessAgainstMoto_Exits0()
    {
        var (exit, output) = await WebProcess.RunAsync(ProcessEnvironment(moto.Url), "verify");

        Assert.True(exit == 0, output);
        Assert.Contains("[ok]   Canary cleanup: 5 deleted", output, StringComparison.Ordinal);
        Assert.Empty(await CloudInventory.ForProjectAsync(Factory(), CanaryProjectId(output)));
    }

    [Fact]
    public async Task Verify_AsProcessWithWrongEndpointOrArguments_Exits1Or2()
    {
        var (exit, output) = await WebProcess.RunAsync(ProcessEnvironment("http://127.0.0.1:1"), "verify");
        Assert.True(exit == 1, output);
        Assert.Contains("[FAIL] AWS identity: could not reach http://127.0.0.1:1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);

        (exit, output) = await WebProcess.RunAsync(ProcessEnvironment(moto.Url), "verify", "extra");
        Assert.True(exit == 2, output);
        Assert.StartsWith("usage: PromptStack.Web verify", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["DATA_DIR"] = dataDirectory,
        ["JWT_SECRET"] = PromptStackApp.JwtSecret,
        ["AWS_ENDPOINT_URL"] = moto.Url,
    };

    private Dictionary<string, string?> ProcessEnvironment(string endpoint) => new()
    {
        ["DATA_DIR"] = dataDirectory,
        ["JWT_SECRET"] = PromptStackApp.JwtSecret,
        ["AWS_ENDPOINT_URL"] = endpoint,
        ["DATABASE_URL"] = null,
        ["AWS_ROLE_ARN"] = null,
        ["AWS_EXTERNAL_ID"] = null,
    };

    private static async Task<(int Exit, string Output)> RunAsync(Dictionary<string, string?> settings)
    {
        var output = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var exit = await VerifyCommand.RunAsync(["verify"], configuration, output);
        return (exit, output.ToString());
    }

    /// <summary>A migrated SQLite database in the data directory, as a server that has run once leaves it.</summary>
    private async Task MigrateAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build();
        await using var services = new ServiceCollection().AddLogging().AddDatabase(configuration).BuildServiceProvider();
        await DatabaseSetup.MigrateAsync(services);
    }

    private AwsClientFactory Factory()
    {
        var settings = new AwsSettings { EndpointUrl = moto.Url };
        return new AwsClientFactory(settings, new AwsCredentialSource(settings));
    }

    private static string CanaryProjectId(string output) => ProjectIdPattern().Match(output) is { Success: true } m
        ? m.Groups[1].Value
        : throw new Xunit.Sdk.XunitException("No canary ProjectId in:\n" + output);

    [GeneratedRegex("ProjectId=([0-9a-f-]{36})")]
    private static partial Regex ProjectIdPattern();
}
