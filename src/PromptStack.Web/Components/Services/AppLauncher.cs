using Microsoft.JSInterop;

namespace PromptStack.Web.Components.Services;

/// <summary>
/// Opens a project's running app the one way every button and link uses: a one-time address on the app's own origin
/// (<see cref="IPlatformApi.PreviewTicketAsync"/>), opened in a new tab without an opener, so the app never gets a handle
/// on the platform's page and no token of the platform travels. A bare link to the app would be turned away locally.
/// </summary>
public static class AppLauncher
{
    /// <returns>The problem that kept the app from opening, or null once its tab was opened.</returns>
    public static async Task<ApiProblem?> OpenAsync(IPlatformApi api, IJSRuntime js, Guid projectId, CancellationToken cancellationToken = default)
    {
        var ticket = await api.PreviewTicketAsync(projectId, cancellationToken);
        if (ticket.Value is not { } opened)
        {
            return ticket.Problem;
        }

        await js.InvokeVoidAsync("open", cancellationToken, opened.Url, "_blank", "noopener,noreferrer");
        return null;
    }
}
