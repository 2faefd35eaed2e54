using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Provisioning.Lifecycle;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Auth;

/// <param name="MaxResourceTtlMinutes">How far from now an extension may move a project's cleanup at most.</param>
public sealed record LimitsDto(int MaxProjects, decimal MaxProjectMonthlyCost, decimal MaxTotalMonthlyCost, int ResourceTtlMinutes, int MaxResourceTtlMinutes);

public sealed record MeDto(Guid Id, string Email, string Role, LimitsDto Limits, Usage Usage);

public static class Me
{
    public static async Task<Results<Ok<MeDto>, ProblemHttpResult>> HandleAsync(
        ClaimsPrincipal principal, PromptStackDbContext db, PlatformOptions options, LifecycleLimits lifecycle, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var current = CurrentUser.From(principal);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == current.Id, cancellationToken);
        if (user is null)
        {
            return TypedResults.Problem(title: "Account not found", statusCode: StatusCodes.Status401Unauthorized);
        }

        var usage = await ProjectQuota.UsageAsync(db, user.Id, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new MeDto(user.Id, user.Email, user.IsAdmin ? "admin" : "user",
            new LimitsDto(options.MaxProjects, options.MaxProjectMonthlyCost, options.MaxTotalMonthlyCost, lifecycle.ResourceTtlMinutes,
                lifecycle.MaxTtlMinutes),
            usage));
    }
}
