using MimeKit;
using PromptStack.Provisioning.Configuration;

namespace PromptStack.Web.Features.Alerts;

/// <summary>Where alerts go besides the in-app list: SMTP_* for e-mail, ALERT_WEBHOOK_URL for a Slack-compatible webhook.</summary>
public sealed class AlertOptions
{
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public string? SmtpUsername { get; set; }

    /// <summary>Never logged nor put in a validation message.</summary>
    public string? SmtpPassword { get; set; }

    public string? SmtpFrom { get; set; }

    /// <summary>Holds a token in its path (Slack's do): never logged.</summary>
    public Uri? WebhookUrl { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries are dropped after this many failed attempts.</summary>
    public int MaxAttempts { get; set; } = 8;

    public bool SendsMail => SmtpHost is not null;

    private string? webhookText;

    public static void Bind(SettingsReader r, AlertOptions o)
    {
        o.SmtpHost = r.Text("SMTP_HOST");
        o.SmtpPort = r.WholeNumber("SMTP_PORT", o.SmtpPort);
        o.SmtpUsername = r.Text("SMTP_USERNAME");
        o.SmtpPassword = r.Text("SMTP_PASSWORD");
        o.SmtpFrom = r.Text("SMTP_FROM");
        o.webhookText = r.Text("ALERT_WEBHOOK_URL");
        o.WebhookUrl = Uri.TryCreate(o.webhookText, UriKind.Absolute, out var url) ? url : null;
        o.Interval = r.Seconds("ALERT_INTERVAL_SECONDS", o.Interval);
    }

    public IEnumerable<string> Validate()
    {
        var anySmtp = SmtpHost is not null || SmtpUsername is not null || SmtpPassword is not null || SmtpFrom is not null;
        if (anySmtp && SmtpHost is null) yield return "SMTP_HOST is required when any other SMTP_ setting is set.";
        if (anySmtp && SmtpFrom is null) yield return "SMTP_FROM is required to send e-mail (the sender address).";
        if (SmtpFrom is not null && !MailboxAddress.TryParse(SmtpFrom, out _)) yield return "SMTP_FROM must be an e-mail address, e.g. alerts@example.com.";
        if (SmtpPort is < 1 or > 65535) yield return "SMTP_PORT must be between 1 and 65535.";
        if ((SmtpUsername is null) != (SmtpPassword is null)) yield return "SMTP_USERNAME and SMTP_PASSWORD go together: set both or neither.";
        if (webhookText is not null && WebhookUrl is not { Scheme: "http" or "https" })
        {
            // The value itself is not repeated: a webhook address is a secret.
            yield return "ALERT_WEBHOOK_URL must be an absolute http(s) address.";
        }

        if (Interval < TimeSpan.FromSeconds(1)) yield return "ALERT_INTERVAL_SECONDS must be at least 1.";
    }
}
