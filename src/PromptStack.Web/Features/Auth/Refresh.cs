using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;

namespace PromptStack.Web.Features.Auth;

public static class Refresh
{
    /// <summary>
    /// Rotates the refresh token. A token presented a second time means it leaked: the whole
    /// family (every token descending from that sign-in) is revoked.
    /// </summary>
    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult>> HandleAsync(
        RefreshRequest request, PromptStackDbContext db, UserSessions sessions, TokenService tokens, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = TokenService.Hash(request.RefreshToken ?? "");
        var token = await db.RefreshTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return Invalid();
        }

        // Claim the token with a conditional update so two concurrent uses cannot both succeed.
        var claimed = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            // Ending the sign-in also ends its access tokens at once, wherever they are used.
            await sessions.EndAsync(token.FamilyId, cancellationToken);
            return Invalid();
        }

        var user = await db.Users.SingleAsync(u => u.Id == token.UserId, cancellationToken);
        var live = await db.Sessions.Where(s => s.Id == token.FamilyId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, now + UserSessions.Lifetime), cancellationToken);
        if (live == 0)
        {
            return Invalid();
        }

        var session = tokens.Issue(db, user, token.FamilyId);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(session);
    }

    private static ProblemHttpResult Invalid() => TypedResults.Problem(
        title: "Invalid refresh token", detail: "Sign in again.", statusCode: StatusCodes.Status401Unauthorized);
}
