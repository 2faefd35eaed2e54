using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using MudBlazor.Services;
using PromptStack.Web.Components;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Components.Services;

namespace PromptStack.Web.Infrastructure;

/// <summary>The web UI (Blazor, interactive server rendering) served by the same host, signed in with a cookie.</summary>
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
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        services.AddScoped<IPlatformApi, PlatformApi>();
        return services;
    }

    /// <summary>The files without which every page is blank; checked at start so a broken install says so at once.</summary>
    public static readonly string[] RequiredAssets = ["_framework/blazor.web.js", "_content/MudBlazor/MudBlazor.min.css", "app.css"];

    private static void RequireAssets(IWebHostEnvironment environment)
    {
        var missing = RequiredAssets.Where(path => environment.WebRootFileProvider.GetFileInfo(path) is not { Exists: true, Length: > 0 }).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The web UI's files are missing from {environment.WebRootPath}: {string.Join(", ", missing)}. " +
                "Run the published output (dotnet publish) as a whole, or dotnet run from the source tree.");
        }
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

        RequireAssets(app.Environment);

        // The circuit's WebSocket carries the session cookie: refuse it to pages of any other origin
        // (a generated app included), which browsers do not stop for WebSockets by themselves.
        app.Use((context, next) =>
            context.Request.Path.StartsWithSegments("/_blazor") && context.Request.Headers.Origin is [{ } origin] &&
            !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
                ? Results.Problem(title: "Forbidden origin", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context)
                : next(context));
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapAccount();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
