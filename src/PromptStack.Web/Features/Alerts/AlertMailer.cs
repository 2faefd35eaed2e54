using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace PromptStack.Web.Features.Alerts;

/// <summary>Sends an alert e-mail through SMTP_HOST, or, with no SMTP configured, writes it to the log instead.</summary>
public sealed class AlertMailer(AlertOptions options, ILogger<AlertMailer> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        if (options is not { SmtpHost: { } host, SmtpFrom: { } from })
        {
            // Alerts carry no tokens or secrets, only project names, times and costs.
            logger.LogInformation("E-mail not sent (no SMTP_HOST configured) to {To}: {Subject}. {Body}", to, subject, body);
            return;
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "[PromptStack] " + subject;
        message.Body = new TextPart("plain") { Text = body };

        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        // Auto: TLS from the start on port 465, STARTTLS wherever the server offers it otherwise.
        await client.ConnectAsync(host, options.SmtpPort, SecureSocketOptions.Auto, cancellationToken);
        if (options is { SmtpUsername: { } username, SmtpPassword: { } password })
        {
            await client.AuthenticateAsync(username, password, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
