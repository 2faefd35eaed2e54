using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using PromptStack.Web.Features.Auth;

namespace PromptStack.Web.Infrastructure;

/// <summary>
/// A circuit outlives the request that opened it: every half minute its sign-in is checked again,
/// and a circuit whose session ended (signed out in another tab, account deleted) becomes signed out.
/// Every call the UI makes also checks the session itself, so this only covers idle pages.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (CurrentUser.TryRead(authenticationState.User) is not { } user)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserSessions>().FindActiveAsync(user.Id, user.SessionId, cancellationToken) is not null;
    }
}
