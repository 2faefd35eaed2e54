using System.Threading.RateLimiting;

namespace PromptStack.Web.Infrastructure;

public enum UserLimit
{
    /// <summary>Project creations (each runs the blueprint generator).</summary>
    Create,

    /// <summary>Provision, destroy, deploy and purge requests.</summary>
    Operation,
}

/// <summary>
/// Per-user fixed windows on expensive work, one set of counters for the HTTP API (an endpoint
/// filter) and the UI (which calls the same handlers in process), so neither door doubles the limit.
/// </summary>
public sealed class UserRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<(UserLimit, Guid)> limiter;

    public UserRateLimits(PlatformOptions options) =>
        limiter = PartitionedRateLimiter.Create<(UserLimit Limit, Guid User), (UserLimit, Guid)>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, k => Window(k.Item1 == UserLimit.Create ? options.ProjectCreatesPerMinute : options.OperationsPerMinute)));

    public static FixedWindowRateLimiterOptions Window(int permitsPerMinute) => new()
    {
        PermitLimit = permitsPerMinute,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    /// <summary>Null when the user may go ahead (one permit taken), else how long to wait.</summary>
    public TimeSpan? TryAcquire(UserLimit limit, Guid userId)
    {
        using var lease = limiter.AttemptAcquire((limit, userId));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    /// <summary>An endpoint filter that answers 429 when the signed-in caller is over <paramref name="limit"/>.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter(UserLimit limit) =>
        async (context, next) =>
        {
            var http = context.HttpContext;
            if (CurrentUser.TryRead(http.User) is { } user &&
                http.RequestServices.GetRequiredService<UserRateLimits>().TryAcquire(limit, user.Id) is { } wait)
            {
                return RateLimitSetup.TooManyRequests(wait);
            }

            return await next(context);
        };

    public void Dispose() => limiter.Dispose();
}
