using System.Security.Claims;

namespace PromptStack.Web.Infrastructure;

/// <summary>The signed-in caller: who they are, whether they are an admin now, and which sign-in this is.</summary>
public sealed record CurrentUser(Guid Id, string Email, bool IsAdmin, Guid SessionId)
{
    public const string SessionClaim = "sid";

    /// <summary>Only for principals that passed authentication, whose session was checked then.</summary>
    public static CurrentUser From(ClaimsPrincipal principal) =>
        TryRead(principal) ?? throw new InvalidOperationException("An authenticated principal without a valid 'sub' and 'sid'.");

    /// <summary>Null when 'sub' or 'sid' is missing or not a GUID: such a token names nobody.</summary>
    public static CurrentUser? TryRead(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst("sub")?.Value, out var id) && Guid.TryParse(principal.FindFirst(SessionClaim)?.Value, out var session)
            ? new CurrentUser(id, principal.FindFirst("email")?.Value ?? "", principal.HasClaim("role", "admin"), session)
            : null;

    public string Role => IsAdmin ? "admin" : "user";

    /// <summary>The claims of this user, for a cookie or to replace a token's claims with what the database says now.</summary>
    public ClaimsPrincipal ToPrincipal(string authenticationType, IEnumerable<Claim>? extra = null) =>
        new(new ClaimsIdentity(
            [new Claim("sub", Id.ToString()), new Claim(SessionClaim, SessionId.ToString()), new Claim("email", Email), new Claim("role", Role), .. extra ?? []],
            authenticationType, "email", "role"));
}
