using System.Globalization;
using System.Security.Claims;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Events;

/// <summary>
/// Decides when a live event stream must end on its own. A stream outlives the request that
/// authenticated it, so whatever would refuse a new request must also end a stream already open.
/// </summary>
public sealed class EventStreamLifetime(ClaimsPrincipal principal, UserSessions sessions, TimeProvider clock)
{
    /// <summary>How often the sign-in is looked up again (the database is not asked on every poll).</summary>
    public static readonly TimeSpan SessionCheckInterval = TimeSpan.FromSeconds(5);

    // Read once: the principal does not change while the stream is open.
    private readonly DateTimeOffset? expiresAt = ExpiryOf(principal);
    private readonly CurrentUser? user = CurrentUser.TryRead(principal);
    private DateTimeOffset sessionCheckedAt = clock.GetUtcNow();

    /// <summary>
    /// Why the stream must close now, or null to go on: the token that opened it expired, or its
    /// sign-in ended (logout, refresh-token reuse, account deleted). The single place for every such reason.
    /// </summary>
    public async ValueTask<string?> ReasonToCloseAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (expiresAt is { } expiry && now >= expiry)
        {
            return "access token expired";
        }

        if (now - sessionCheckedAt >= SessionCheckInterval)
        {
            sessionCheckedAt = now;
            if (user is null || await sessions.FindActiveAsync(user.Id, user.SessionId, cancellationToken) is null)
            {
                return "signed out";
            }
        }

        return null;
    }

    private static DateTimeOffset? ExpiryOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst("exp")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
