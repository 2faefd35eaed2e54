using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;

namespace PromptStack.Web.Features.Auth;

public static class Login
{
    // Hashing a dummy password for unknown e-mails keeps both failures equally slow.
    private static readonly User DummyUser = new() { Email = "nobody@example.invalid" };
    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(DummyUser, "not-a-real-password");

    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult>> HandleAsync(
        CredentialsRequest request, PromptStackDbContext db, TokenService tokens, IPasswordHasher<User> hasher,
        CancellationToken cancellationToken)
    {
        var email = (request.Email ?? "").Trim().ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        var verdict = hasher.VerifyHashedPassword(user ?? DummyUser, user?.PasswordHash ?? DummyHash, request.Password ?? "");
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            return TypedResults.Problem(title: "Invalid e-mail or password",
                detail: "The e-mail and password do not match an account.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, request.Password!);
        }

        var session = tokens.Issue(db, user, Guid.NewGuid());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(session);
    }
}
