using System.Globalization;
using System.Security.Claims;

namespace PromptStack.Web.Features.Events;

/// <summary>
/// Decides when a live event stream must end on its own. A stream outlives the request that
/// authenticated it, so whatever would refuse a new request must also end a stream already open.
/// </summary>
public sealed class EventStreamLifetime(ClaimsPrincipal principal, TimeProvider clock)
{
    // Read once: the principal does not change while the stream is open.
    private readonly DateTimeOffset? expiresAt = ExpiryOf(principal);

    /// <summary>
    /// Why the stream must close now, or null to go on. The single place for every such reason:
    /// add further checks (for example "has this sign-in ended?") here.
    /// </summary>
    public ValueTask<string?> ReasonToCloseAsync(CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (expiresAt is { } expiry && clock.GetUtcNow() >= expiry)
        {
            return ValueTask.FromResult<string?>("access token expired");
        }

        return ValueTask.FromResult<string?>(null);
    }

    private static DateTimeOffset? ExpiryOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst("exp")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
