using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PromptStack.Web.Infrastructure;

public static class RateLimitSetup
{
    public const string Auth = "auth";
    public const string ProjectCreate = "project-create";
    public const string Operations = "operations";

    /// <summary>
    /// Per-user (or, before sign-in, per-address) fixed windows on the expensive routes. Each
    /// instance counts for itself; behind a load balancer the effective limit is per instance.
    /// </summary>
    public static IServiceCollection AddRateLimits(this IServiceCollection services, PlatformOptions limits)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Auth, ctx => Window(ClientKey(ctx), limits.AuthRequestsPerMinute));
            o.AddPolicy(ProjectCreate, ctx => Window(UserKey(ctx), limits.ProjectCreatesPerMinute));
            o.AddPolicy(Operations, ctx => Window(UserKey(ctx), limits.OperationsPerMinute));
            o.OnRejected = async (ctx, ct) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                    title: "Too many requests",
                    detail: $"Slow down: try again in {seconds} seconds.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Window(string key, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static string UserKey(HttpContext ctx) =>
        ctx.User.FindFirst("sub")?.Value is { } id ? "user:" + id : ClientKey(ctx);

    private static string ClientKey(HttpContext ctx) => "ip:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
