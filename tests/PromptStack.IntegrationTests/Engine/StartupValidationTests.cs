using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>A bad setting stops the server at start, with a message naming the variable to fix.</summary>
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
    public async Task Start_InvalidSetting_FailsNamingTheVariable(string variable, string value)
    {
        await using var app = new SqliteApp();

        // The start fails before any AWS call, so no emulator is needed.
        app.Settings["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9";
        app.Settings[variable] = value;

        var error = Record.Exception(() => app.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(variable, Messages(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SeveralInvalidSettings_NamesEachOne()
    {
        await using var app = new SqliteApp();
        app.Settings["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9";
        app.Settings["SWEEPER_INTERVAL_SECONDS"] = "-1";
        app.Settings["AWS_REGION"] = "Mars";
        app.Settings["PUBLIC_SITE_BUCKETS"] = "sometimes";

        var messages = Messages(Record.Exception(() => app.CreateClient())!);

        Assert.Contains("SWEEPER_INTERVAL_SECONDS must be from 0 (off)", messages, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION must be a region name", messages, StringComparison.Ordinal);
        Assert.Contains("PUBLIC_SITE_BUCKETS must be true or false", messages, StringComparison.Ordinal);
    }

    private static string Messages(Exception error) =>
        error is AggregateException all ? string.Join(" ", all.Flatten().InnerExceptions.Select(e => e.Message)) : error.Message;
}
