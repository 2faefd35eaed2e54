using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;

namespace PromptStack.Web.Features.Auth;

public static class Logout
{
    /// <summary>
    /// Ends a sign-in: revokes the presented refresh token and every token of its family, so the
    /// session cannot be renewed again. Always 204, so it reveals nothing about the token.
    /// </summary>
    public static async Task<NoContent> HandleAsync(
        RefreshRequest request, PromptStackDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var hash = TokenService.Hash(request.RefreshToken ?? "");
        var family = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(cancellationToken);
        if (family is { } familyId)
        {
            var now = clock.GetUtcNow();
            await db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        }

        return TypedResults.NoContent();
    }
}
