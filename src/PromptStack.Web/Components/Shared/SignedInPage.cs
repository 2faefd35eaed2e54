using Microsoft.AspNetCore.Components;
using PromptStack.Web.Components.Services;

namespace PromptStack.Web.Components.Shared;

/// <summary>
/// A page for signed-in users: without a session it sends the browser to the sign-in page (and back
/// afterwards). <see cref="IsReady"/> becomes true after the first interactive render; pages put it in
/// a <c>data-ready</c> attribute because clicks before the circuit is connected are lost.
/// </summary>
public abstract class SignedInPage : ComponentBase
{
    [Inject] protected SessionStore Session { get; set; } = null!;

    [Inject] protected NavigationManager Navigation { get; set; } = null!;

    [Inject] protected ApiClient Api { get; set; } = null!;

    protected bool IsReady { get; private set; }

    protected string ReadyText => IsReady ? "true" : "false";

    protected sealed override async Task OnInitializedAsync()
    {
        if (!Session.IsSignedIn)
        {
            var here = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
            Navigation.NavigateTo("/signin?returnUrl=" + Uri.EscapeDataString(here), replace: true);
            return;
        }

        await LoadAsync();
    }

    /// <summary>Reads what the page shows; runs once the session is known.</summary>
    protected abstract Task LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            IsReady = true;
            StateHasChanged();
        }
    }
}
