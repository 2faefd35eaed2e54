using PromptStack.Provisioning.Configuration;
using PromptStack.Web.Hosting;

namespace PromptStack.Web.Features.Alerts;

public static class AlertSetup
{
    /// <summary>Expiry reminders and cost alerts (in-app, e-mail, webhook) and operator alerts for failed cleanups.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>()
            .BindSettings(configuration, AlertOptions.Bind, o => o.Validate())
            .ValidateOnStart()
            .RegisterValue();
        services.AddSingleton<AlertScanner>();
        services.AddSingleton<AlertOutbox>();
        services.AddSingleton<AlertMailer>();
        services.AddSingleton<AlertWebhook>();
        // No retry handler: a retried post the server had received would post twice; the outbox retries instead.
        // No request logging: the webhook's address holds its token.
        services.AddHttpClient(AlertWebhook.ClientName, c => c.Timeout = TimeSpan.FromSeconds(15)).RemoveAllLoggers();
        services.AddHostedService<AlertService>();
        return services;
    }
}
