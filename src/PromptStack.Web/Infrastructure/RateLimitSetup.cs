using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PromptStack.Web.Infrastructure;

public static class RateLimitSetup
{
    public const string Auth = "auth";

    /// <summary>
    /// Sign-in attempts are limited per client address (before sign-in there is no user). The
    /// per-user limits on expensive work live in <see cref="UserRateLimits"/>, shared by the API and
    /// the UI. Each instance counts for itself; behind a load balancer the limit is per instance.
    /// </summary>
    public static IServiceCollection AddRateLimits(this IServiceCollection services, PlatformOptions limits)
    {
        services.AddSingleton<UserRateLimits>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Auth, ctx => RateLimitPartition.GetFixedWindowLimiter(
                "ip:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => UserRateLimits.Window(limits.AuthRequestsPerMinute)));
            o.OnRejected = async (ctx, _) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var path = ctx.HttpContext.Request.Path;
                if (path.StartsWithSegments("/account"))
                {
                    // A browser form post: back to its page, which words the refusal.
                    var page = path.StartsWithSegments("/account/register") ? "/signup" : "/signin";
                    ctx.HttpContext.Response.Redirect($"{page}?error={Features.Auth.AccountErrors.TooMany}");
                    return;
                }

                await TooManyRequests(retryAfter).ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    /// <summary>429 with Retry-After in whole seconds.</summary>
    public static IResult TooManyRequests(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new WithRetryAfter(seconds, TypedResults.Problem(
            title: "Too many requests",
            detail: $"Slow down: try again in {seconds} seconds.",
            statusCode: StatusCodes.Status429TooManyRequests));
    }

    private sealed class WithRetryAfter(int seconds, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
