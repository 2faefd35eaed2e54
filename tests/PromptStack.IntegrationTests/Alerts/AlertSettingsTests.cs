using PromptStack.Provisioning.Configuration;
using PromptStack.Web.Features.Alerts;

namespace PromptStack.IntegrationTests.Alerts;

/// <summary>SMTP_* and ALERT_* are checked at start; no message repeats the password or the webhook address.</summary>
public sealed class AlertSettingsTests
{
    private static (AlertOptions Options, List<string> Problems) Read(Dictionary<string, string?> variables)
    {
        var reader = new SettingsReader(key => variables.GetValueOrDefault(key));
        var options = new AlertOptions();
        AlertOptions.Bind(reader, options);
        return (options, [.. reader.Problems, .. options.Validate()]);
    }

    [Fact]
    public void Validate_NothingSet_NoProblemsAndNoMail()
    {
        var (options, problems) = Read([]);
        Assert.Empty(problems);
        Assert.False(options.SendsMail);
        Assert.Null(options.WebhookUrl);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Interval);
    }

    [Fact]
    public void Validate_BadSettings_NameEachVariableWithoutSecrets()
    {
        var (_, problems) = Read(new()
        {
            ["SMTP_PASSWORD"] = "hunter2-secret", ["SMTP_PORT"] = "70000", ["SMTP_FROM"] = "not an address",
            ["ALERT_WEBHOOK_URL"] = "ftp://hooks.example.com/T000/secret-token", ["ALERT_INTERVAL_SECONDS"] = "soon",
        });

        foreach (var variable in new[] { "SMTP_HOST", "SMTP_PORT", "SMTP_FROM", "SMTP_USERNAME", "ALERT_WEBHOOK_URL", "ALERT_INTERVAL_SECONDS" })
        {
            Assert.Contains(problems, p => p.Contains(variable, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(problems, p => p.Contains("hunter2", StringComparison.Ordinal) || p.Contains("secret-token", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FullSmtp_Accepted()
    {
        var (options, problems) = Read(new()
        {
            ["SMTP_HOST"] = "smtp.example.com", ["SMTP_PORT"] = "465", ["SMTP_USERNAME"] = "alerts", ["SMTP_PASSWORD"] = "pw",
            ["SMTP_FROM"] = "PromptStack <alerts@example.com>", ["ALERT_WEBHOOK_URL"] = "https://hooks.example.com/services/T0/B0/x",
        });
        Assert.Empty(problems);
        Assert.True(options.SendsMail);
        Assert.Equal(465, options.SmtpPort);
    }
}
