using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// The preview origin's own session: an HttpOnly cookie, encrypted and signed with the platform's
/// data-protection keys, naming the user, their sign-in and the one project it opens. It is useless
/// on the platform's origin and on every other project's.
/// </summary>
public sealed class PreviewCookie(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Name = "ps_preview";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly IDataProtector protector = protection.CreateProtector("PromptStack.PreviewCookie.v1");

    public void Append(HttpContext http, Guid userId, Guid sessionId, Guid projectId)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var value = protector.Protect(string.Join('|', userId, sessionId, projectId, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        http.Response.Cookies.Append(Name, value, new CookieOptions
        {
            HttpOnly = true,
            // Lax, not Strict: the app is opened from the platform, another site, and the first
            // request after the ticket redirect must carry the cookie.
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/",
            Expires = expires,
        });
    }

    /// <summary>The user and sign-in of a valid cookie for <paramref name="projectId"/>; null otherwise.</summary>
    public (Guid UserId, Guid SessionId)? Read(HttpContext http, Guid projectId)
    {
        if (http.Request.Cookies[Name] is not { Length: > 0 } value)
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = protector.Unprotect(value).Split('|');
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        return parts.Length == 4 && Guid.TryParse(parts[0], out var user) && Guid.TryParse(parts[1], out var session) &&
               Guid.TryParse(parts[2], out var project) && project == projectId &&
               long.TryParse(parts[3], CultureInfo.InvariantCulture, out var expires) && clock.GetUtcNow().ToUnixTimeSeconds() < expires
            ? (user, session)
            : null;
    }
}
