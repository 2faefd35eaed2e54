using System.Text.Json;
using Microsoft.JSInterop;
using PromptStack.Web.Features.Auth;

namespace PromptStack.Web.Components.Services;

/// <summary>
/// The signed-in session of one browser tab's circuit. It is kept in the browser's localStorage, so
/// it survives reloads and is shared by the tabs of one browser; this class holds the circuit's copy.
/// </summary>
public sealed class SessionStore(IJSRuntime js)
{
    public const string StorageKey = "promptstack.session";

    public SessionDto? Current { get; private set; }

    /// <summary>True once localStorage has been read (it can only be read after the first interactive render).</summary>
    public bool IsLoaded { get; private set; }

    public bool IsSignedIn => Current is not null;

    public bool IsAdmin => string.Equals(Current?.User.Role, "admin", StringComparison.Ordinal);

    /// <summary>Raised after sign-in, sign-out, refresh, and when the platform no longer accepts the session.</summary>
    public event EventHandler? Changed;

    public async Task LoadAsync()
    {
        if (IsLoaded)
        {
            return;
        }

        Current = await ReadStoredAsync();
        IsLoaded = true;
        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>What localStorage holds now: another tab may have refreshed the tokens meanwhile.</summary>
    public async Task<SessionDto?> ReadStoredAsync()
    {
        try
        {
            var json = await js.InvokeAsync<string?>("localStorage.getItem", StorageKey);
            return string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<SessionDto>(json, ApiClient.Json);
        }
        catch (Exception ex) when (ex is JSException or JsonException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            return null;
        }
    }

    public async Task SaveAsync(SessionDto session)
    {
        Current = session;
        IsLoaded = true;
        await WriteAsync(s => s.InvokeVoidAsync("localStorage.setItem", StorageKey, JsonSerializer.Serialize(session, ApiClient.Json)));
        Changed?.Invoke(this, EventArgs.Empty);
    }

    public async Task ClearAsync()
    {
        var had = Current is not null;
        Current = null;
        IsLoaded = true;
        await WriteAsync(s => s.InvokeVoidAsync("localStorage.removeItem", StorageKey));
        if (had)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    private async Task WriteAsync(Func<IJSRuntime, ValueTask> write)
    {
        try
        {
            await write(js);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            // The tab went away; its next visit signs in again.
        }
    }
}
