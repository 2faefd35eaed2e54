using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using PromptStack.Web.Features.Auth;

namespace PromptStack.Web.Infrastructure;

/// <summary>
/// The check every authenticated request passes, bearer token or cookie: the credential must name a
/// user and a sign-in by id, and that sign-in must still be live in the database. Its claims are then
/// replaced by what the database says now (e-mail, role), so a revoked admin is revoked at once.
/// </summary>
public static class SessionCheck
{
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var user = await FindAsync(context.Principal, context.HttpContext);
        if (user is null)
        {
            context.Fail("The token names no live sign-in.");
            return;
        }

        // Keep the token's expiry: event streams close when it passes.
        var expiry = context.Principal!.FindAll("exp");
        context.Principal = user.ToPrincipal(JwtBearerDefaults.AuthenticationScheme, expiry);
    }

    public static async Task OnValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var user = await FindAsync(context.Principal, context.HttpContext);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.ReplacePrincipal(user.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private static async Task<CurrentUser?> FindAsync(ClaimsPrincipal? principal, HttpContext http)
    {
        if (principal is null || CurrentUser.TryRead(principal) is not { } claimed)
        {
            return null;
        }

        return await http.RequestServices.GetRequiredService<UserSessions>()
            .FindActiveAsync(claimed.Id, claimed.SessionId, http.RequestAborted);
    }
}
