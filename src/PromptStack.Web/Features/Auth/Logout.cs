using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;

namespace PromptStack.Web.Features.Auth;

public static class Logout
{
    /// <summary>
    /// Ends a sign-in: revokes the presented refresh token and every token of its family and
    /// ends the session, so neither it nor its access tokens open anything any more. Always 204, so it reveals nothing about the token.
    /// </summary>
    public static async Task<NoContent> HandleAsync(
        RefreshRequest request, PromptStackDbContext db, UserSessions sessions, CancellationToken cancellationToken)
    {
        var hash = TokenService.Hash(request.RefreshToken ?? "");
        var family = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(cancellationToken);
        if (family is { } sessionId)
        {
            await sessions.EndAsync(sessionId, cancellationToken);
        }

        return TypedResults.NoContent();
    }
}
