using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// A bad setting stops the server at start, as a service manager sees it: the process ends with exit
/// code 1 and its output names the variable to fix.
/// </summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("RECONCILER_LEASE_SECONDS", "-5")]
    [InlineData("REAPER_INTERVAL_SECONDS", "soon")]
    [InlineData("RESOURCE_TIMEOUT_MINUTES", "0")]
    [InlineData("AWS_ROLE_ARN", "promptstack-role")]
    [InlineData("AWS_PACE_S3_PER_SECOND", "fast")]
    [InlineData("AWS_RETRY_MAX_ATTEMPTS", "0")]
    [InlineData("PREVIEW_BASE_URL", "https://apps.example.net/previews")]
    [InlineData("MAX_COST_PER_PROJECT", "-1")]
    [InlineData("METRICS_URLS", "https://127.0.0.1:9464/metrics")]
    [InlineData("METRICS_URLS", "http://127.0.0.1")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317")]
    public async Task Start_InvalidSetting_ExitsWithCode1NamingTheVariable(string variable, string value)
    {
        var (code, output) = await StartServerAsync(new() { [variable] = value });

        Assert.Equal(1, code);
        Assert.Contains(variable, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SeveralInvalidSettings_NamesEachOne()
    {
        var (code, output) = await StartServerAsync(new()
        {
            ["SWEEPER_INTERVAL_SECONDS"] = "-1", ["AWS_REGION"] = "Mars", ["PUBLIC_SITE_BUCKETS"] = "sometimes",
        });

        Assert.Equal(1, code);
        Assert.Contains("SWEEPER_INTERVAL_SECONDS must be from 0 (off)", output, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION must be a region name", output, StringComparison.Ordinal);
        Assert.Contains("PUBLIC_SITE_BUCKETS must be true or false", output, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Output)> StartServerAsync(Dictionary<string, string> settings)
    {
        // The start fails before any AWS call, so no emulator is needed (and none is started).
        settings["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9";
        settings["JWT_SECRET"] = PromptStackApp.JwtSecret;
        return ServerProcess.RunAsync(["--urls", "http://127.0.0.1:0"], settings);
    }
}
