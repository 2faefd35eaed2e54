using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Auth;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").RequireRateLimiting(RateLimitSetup.Auth);
        auth.MapPost("/register", Register.HandleAsync).WithName("Register");
        auth.MapPost("/login", Login.HandleAsync).WithName("Login");
        auth.MapPost("/refresh", Refresh.HandleAsync).WithName("Refresh");
        auth.MapPost("/logout", Logout.HandleAsync).WithName("Logout");
        app.MapGet("/api/me", Me.HandleAsync).WithTags("Auth").WithName("Me").RequireAuthorization();
        return app;
    }
}
