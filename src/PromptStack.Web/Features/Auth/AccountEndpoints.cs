using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Pages;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Auth;

/// <summary>
/// The browser's sign-in: the sign-in and sign-up pages post plain forms here (antiforgery-checked);
/// success sets the HttpOnly session cookie and redirects, failure redirects back with an error code
/// that the page words (never text from the address, which anyone could write into a link).
/// Signing out happens in the UI's circuit: it ends the session, and the cookie then opens nothing.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", SignInAsync).RequireRateLimiting(RateLimitSetup.Auth);
        account.MapPost("/register", RegisterAsync).RequireRateLimiting(RateLimitSetup.Auth);
        return app;
    }

    public static async Task<RedirectHttpResult> SignInAsync(
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http,
        PromptStackDbContext db, UserSessions sessions, IPasswordHasher<User> hasher, CancellationToken cancellationToken)
    {
        var user = await Login.VerifyAsync(new CredentialsRequest(email, password), db, hasher, cancellationToken);
        if (user is null)
        {
            return Back("/signin", AccountErrors.Credentials, returnUrl);
        }

        var session = sessions.Start(user.Id);
        await db.SaveChangesAsync(cancellationToken);
        await SignInCookieAsync(http, user, session);
        return TypedResults.LocalRedirect(AuthPages.SafeReturn(returnUrl));
    }

    public static async Task<RedirectHttpResult> RegisterAsync(
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http,
        PromptStackDbContext db, UserSessions sessions, IPasswordHasher<User> hasher, TimeProvider clock, CancellationToken cancellationToken)
    {
        UserSession? session = null;
        var created = await Register.CreateAccountAsync(new CredentialsRequest(email, password), db, hasher, clock,
            user => session = sessions.Start(user.Id), cancellationToken);
        switch (created.Result)
        {
            case ValidationProblem invalid:
                return Back("/signup", string.Join(',', invalid.ProblemDetails.Errors.Keys.Order()), returnUrl);
            case ProblemHttpResult:
                return Back("/signup", AccountErrors.Taken, returnUrl);
        }

        await SignInCookieAsync(http, ((Ok<User>)created.Result).Value!, session!);
        return TypedResults.LocalRedirect(AuthPages.SafeReturn(returnUrl));
    }

    private static Task SignInCookieAsync(HttpContext http, User user, UserSession session) =>
        http.SignInAsync(JwtSetup.CookieScheme,
            new CurrentUser(user.Id, user.Email, user.IsAdmin, session.Id).ToPrincipal(JwtSetup.CookieScheme),
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = session.ExpiresAt });

    private static RedirectHttpResult Back(string page, string error, string? returnUrl) =>
        TypedResults.LocalRedirect($"{page}?error={Uri.EscapeDataString(error)}" +
            (string.IsNullOrEmpty(returnUrl) ? "" : "&returnUrl=" + Uri.EscapeDataString(AuthPages.SafeReturn(returnUrl))));
}
