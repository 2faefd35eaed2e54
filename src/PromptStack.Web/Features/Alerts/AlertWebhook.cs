using System.Net.Http.Json;

namespace PromptStack.Web.Features.Alerts;

/// <summary>Posts <c>{"text": "..."}</c> to ALERT_WEBHOOK_URL, the shape Slack's incoming webhooks (and many others) take.</summary>
public sealed class AlertWebhook(IHttpClientFactory clients, AlertOptions options)
{
    public const string ClientName = "alert-webhook";

    public async Task PostAsync(string text, CancellationToken cancellationToken)
    {
        var url = options.WebhookUrl ?? throw new InvalidOperationException("ALERT_WEBHOOK_URL is not set.");
        using var response = await clients.CreateClient(ClientName).PostAsJsonAsync(url, new { text }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // Not EnsureSuccessStatusCode's message alone: the address is a secret and never part of an error.
            throw new HttpRequestException($"The alert webhook answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }
}
