using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Auth;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").RequireRateLimiting(RateLimitSetup.Auth);
        auth.MapPost("/register", Register.HandleAsync).WithName("Register").WithSummary("Create an account and sign in").Problems(409, 429)
            .Example(new { email = "ada@example.com", password = "correct-horse-battery" }, null);
        auth.MapPost("/login", Login.HandleAsync).WithName("Login").WithSummary("Sign in with e-mail and password").Problems(401, 429)
            .Example(new { email = "ada@example.com", password = "correct-horse-battery" }, null);
        auth.MapPost("/refresh", Refresh.HandleAsync).WithName("Refresh").WithSummary("Trade a refresh token for a new access token").Problems(401, 429);
        auth.MapPost("/logout", Logout.HandleAsync).WithName("Logout").WithSummary("End the sign-in a refresh token belongs to").Problems(429);
        app.MapGet("/api/me", Me.HandleAsync).WithTags("Auth").WithName("Me").WithSummary("The signed-in user").RequireAuthorization();
        return app;
    }
}
