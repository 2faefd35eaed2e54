using System.Security.Claims;

namespace PromptStack.Web.Infrastructure;

/// <summary>The signed-in caller, read from the validated JWT.</summary>
public sealed record CurrentUser(Guid Id, string Email, bool IsAdmin)
{
    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirst("sub")?.Value
            ?? throw new InvalidOperationException("An authenticated principal without 'sub'.");
        return new CurrentUser(
            Guid.Parse(id),
            principal.FindFirst("email")?.Value ?? "",
            principal.HasClaim("role", "admin"));
    }
}
