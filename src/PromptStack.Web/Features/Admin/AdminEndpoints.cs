using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Admin;

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(JwtSetup.AdminPolicy)
            .MapGet("/stats", GetStats.HandleAsync).WithName("AdminStats").WithSummary("Platform statistics (admins only)");
        return app;
    }
}
