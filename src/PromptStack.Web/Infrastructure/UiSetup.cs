using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using MudBlazor.Services;
using PromptStack.Web.Components;
using PromptStack.Web.Components.Services;

namespace PromptStack.Web.Infrastructure;

/// <summary>The web UI (Blazor, interactive server rendering) served by the same host.</summary>
public static class UiSetup
{
    public static IServiceCollection AddUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;
            o.SnackbarConfiguration.VisibleStateDuration = 2500;
            o.SnackbarConfiguration.ShowTransitionDuration = 200;
            o.SnackbarConfiguration.HideTransitionDuration = 200;
        });

        // The UI calls the platform's own HTTP API, same origin, from the circuit. No client-wide
        // timeout: the event stream stays open; ApiClient bounds every other call itself.
        services.AddHttpClient(ApiClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpContextAccessor();
        services.AddScoped<SessionStore>();
        services.AddScoped(sp =>
        {
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(ApiClient.HttpClientName);
            http.BaseAddress = new Uri(sp.GetRequiredService<NavigationManager>().BaseUri);

            // Calls leave from this server, so name the browser's address: per-address rate limits
            // then count each person, not the server (the API trusts the header from loopback only).
            if (sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.Connection.RemoteIpAddress is { } browser)
            {
                http.DefaultRequestHeaders.Add("X-Forwarded-For", browser.ToString());
            }

            return new ApiClient(http, sp.GetRequiredService<SessionStore>(), sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }

    public static WebApplication MapUi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            // Run from the build output (`dotnet run`, not a publish), the files of packages such as
            // MudBlazor's _content/ live in the NuGet cache; the build's manifest says where. Without
            // that manifest (a published app) this does nothing and wwwroot holds everything.
            StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, app.Configuration);
        }

        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
