using Microsoft.EntityFrameworkCore;
using PromptStack.Data;

namespace PromptStack.Web.Features.Auth;

/// <summary>
/// Removes sign-ins, refresh tokens and preview tickets that can no longer open anything, a day
/// after they ended or expired (kept that long for investigating a misuse).
/// </summary>
public static class CredentialCleanup
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    /// <summary>Deletes what is stale at <paramref name="now"/>; returns how many rows went.</summary>
    public static async Task<int> CleanOnceAsync(PromptStackDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - KeptFor;
        var tickets = await db.PreviewTickets.Where(t => t.ExpiresAt < before).ExecuteDeleteAsync(cancellationToken);
        var tokens = await db.RefreshTokens.Where(t => t.ExpiresAt < before || t.RevokedAt < before).ExecuteDeleteAsync(cancellationToken);
        var sessions = await db.Sessions.Where(s => s.ExpiresAt < before || s.EndedAt < before).ExecuteDeleteAsync(cancellationToken);
        return tickets + tokens + sessions;
    }
}
