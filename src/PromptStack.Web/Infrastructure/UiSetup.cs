namespace PromptStack.Web.Infrastructure;

/// <summary>The web UI (Blazor, interactive server rendering) served by the same host.</summary>
public static class UiSetup
{
    public static IServiceCollection AddUi(this IServiceCollection services) => services;

    public static WebApplication MapUi(this WebApplication app) => app;
}
