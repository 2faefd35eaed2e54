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
        CredentialsRequest request, PromptStackDbContext db, UserSessions sessions, TokenService tokens, IPasswordHasher<User> hasher,
        CancellationToken cancellationToken)
    {
        var user = await VerifyAsync(request, db, hasher, cancellationToken);
        if (user is null)
        {
            return InvalidCredentials();
        }

        var session = tokens.Issue(db, user, sessions.Start(user.Id).Id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(session);
    }

    /// <summary>The account if the password matches (tracked, so a rehash is saved with the caller's changes); null otherwise.</summary>
    public static async Task<User?> VerifyAsync(
        CredentialsRequest request, PromptStackDbContext db, IPasswordHasher<User> hasher, CancellationToken cancellationToken)
    {
        var email = (request.Email ?? "").Trim().ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        var verdict = hasher.VerifyHashedPassword(user ?? DummyUser, user?.PasswordHash ?? DummyHash, request.Password ?? "");
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, request.Password!);
        }

        return user;
    }

    public static ProblemHttpResult InvalidCredentials() => TypedResults.Problem(title: "Invalid e-mail or password",
        detail: "The e-mail and password do not match an account.", statusCode: StatusCodes.Status401Unauthorized);
}
