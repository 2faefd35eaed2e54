using Microsoft.Extensions.Time.Testing;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Alerts;

/// <summary>An app whose clock the tests move, mailing to a test SMTP server and posting to a test webhook.</summary>
public sealed class AlertsApp : SqliteApp
{
    public AlertsApp()
    {
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Settings["RESOURCE_TIMEOUT_MINUTES"] = "30";
        Settings["ALERT_INTERVAL_SECONDS"] = "1";
        Settings["SMTP_HOST"] = "127.0.0.1";
        Settings["SMTP_PORT"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["SMTP_FROM"] = "PromptStack <alerts@example.com>";
        Settings["ALERT_WEBHOOK_URL"] = Webhook.Url;
    }

    public TestSmtpServer Smtp { get; } = new();

    public TestWebhook Webhook { get; } = new();

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await Smtp.DisposeAsync();
            await Webhook.DisposeAsync();
        }
    }
}
