using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Auth;

public static class Register
{
    public const int MinPasswordLength = 10;

    public static async Task<Results<Created<SessionDto>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CredentialsRequest request, PromptStackDbContext db, UserSessions sessions, TokenService tokens, IPasswordHasher<User> hasher,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        SessionDto? session = null;
        var created = await CreateAccountAsync(request, db, hasher, clock,
            user => session = tokens.Issue(db, user, sessions.Start(user.Id).Id), cancellationToken);
        return created.Result switch
        {
            ValidationProblem invalid => invalid,
            ProblemHttpResult refused => refused,
            _ => TypedResults.Created("/api/me", session!),
        };
    }

    /// <summary>
    /// Validates and stores a new account with role <c>user</c> (admins are made only by the
    /// <c>users grant-admin</c> command). <paramref name="signIn"/> adds the first sign-in to the
    /// same save, so an account never exists half-made.
    /// </summary>
    public static async Task<Results<Ok<User>, ValidationProblem, ProblemHttpResult>> CreateAccountAsync(
        CredentialsRequest request, PromptStackDbContext db, IPasswordHasher<User> hasher, TimeProvider clock,
        Action<User> signIn, CancellationToken cancellationToken)
    {
        var email = (request.Email ?? "").Trim().ToLowerInvariant();
        var password = request.Password ?? "";
        var validation = new Validation()
            .Require(IsEmail(email), "email", "Enter a valid e-mail address.")
            .Require(password.Length >= MinPasswordLength, "password", $"Use at least {MinPasswordLength} characters.")
            .Require(password.Length <= 200, "password", "Use at most 200 characters.");
        if (!validation.IsValid)
        {
            return validation.Problem("Cannot register with these details");
        }

        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return EmailTaken();
        }

        var user = new User { Id = Guid.NewGuid(), Email = email, CreatedAt = clock.GetUtcNow() };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        signIn(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two registrations raced for one address; the unique index decided.
            return EmailTaken();
        }

        return TypedResults.Ok(user);
    }

    private static ProblemHttpResult EmailTaken() => TypedResults.Problem(
        title: "E-mail already registered", detail: "An account with this e-mail exists. Sign in instead.",
        statusCode: StatusCodes.Status409Conflict);

    private static bool IsEmail(string email) =>
        email.Length is >= 3 and <= 254 &&
        MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && email.Contains('.', StringComparison.Ordinal) &&
        email.IndexOf('@', StringComparison.Ordinal) < email.LastIndexOf('.');
}
