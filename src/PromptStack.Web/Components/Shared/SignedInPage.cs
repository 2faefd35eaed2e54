using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Components.Shared;

/// <summary>
/// A page for signed-in users: without a session it sends the browser to the sign-in page (and back
/// afterwards). <see cref="IsReady"/> becomes true after the first interactive render; pages put it in
/// a <c>data-ready</c> attribute because clicks before the circuit is connected are lost.
/// </summary>
public abstract class SignedInPage : ComponentBase
{
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    [Inject] protected NavigationManager Navigation { get; set; } = null!;

    [Inject] protected IPlatformApi Api { get; set; } = null!;

    /// <summary>The signed-in user, as the session cookie named them when the circuit started.</summary>
    protected CurrentUser User { get; private set; } = null!;

    protected bool IsReady { get; private set; }

    protected string ReadyText => IsReady ? "true" : "false";

    protected sealed override async Task OnInitializedAsync()
    {
        if (CurrentUser.TryRead((await AuthenticationState).User) is not { } user)
        {
            var here = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
            Navigation.NavigateTo("/signin?returnUrl=" + Uri.EscapeDataString(here), forceLoad: true, replace: true);
            return;
        }

        User = user;
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
