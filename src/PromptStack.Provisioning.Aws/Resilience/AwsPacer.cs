using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>
/// One token bucket per operation class, shared by every call this instance makes, so many stacks provisioning at
/// once stay under AWS's control-plane limits instead of discovering them through throttling. The bucket holds
/// about 50 ms of calls, so calls are spread evenly rather than sent in bursts.
/// </summary>
public sealed class AwsPacer : IDisposable
{
    private readonly AwsPacingSettings _settings;
    private readonly ConcurrentDictionary<string, Bucket?> _buckets = new(StringComparer.Ordinal);

    public AwsPacer(AwsPacingSettings settings) => _settings = settings;

    /// <summary>Waits for a permit of the class; classes without a configured rate pass at once.</summary>
    public async ValueTask WaitAsync(string paceKey, CancellationToken cancellationToken)
    {
        if (BucketOf(paceKey) is not { } bucket)
        {
            return;
        }

        var pause = bucket.PausedUntil - Environment.TickCount64;
        if (pause > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(pause), cancellationToken);
        }

        using var lease = await bucket.Limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException($"Pacing queue of {paceKey} is full.");
        }
    }

    /// <summary>
    /// AWS throttled a call of this class: empty its bucket and hold it for the penalty, so the calls queued behind
    /// it back off together instead of each earning its own throttling answer.
    /// </summary>
    public void Penalize(string paceKey)
    {
        if (BucketOf(paceKey) is not { } bucket)
        {
            return;
        }

        var available = (int)bucket.Limiter.GetStatistics()!.CurrentAvailablePermits;
        if (available > 0)
        {
            bucket.Limiter.AttemptAcquire(available).Dispose();
        }

        bucket.PausedUntil = Environment.TickCount64 + (long)_settings.ThrottlePenalty.TotalMilliseconds;
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket?.Limiter.Dispose();
        }
    }

    private Bucket? BucketOf(string paceKey) =>
        _buckets.GetOrAdd(paceKey, key => _settings.PerSecond.TryGetValue(key, out var rate) ? new Bucket(rate) : null);

    private sealed class Bucket
    {
        public Bucket(double perSecond)
        {
            // At most ~20 refills a second: faster timers cost more than they smooth.
            var tokens = (int)Math.Ceiling(perSecond / 20);
            Limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = tokens,
                TokensPerPeriod = tokens,
                // The refill timer runs on a millisecond clock and may fire up to 1 ms early; the extra
                // millisecond keeps the rate at or under the limit rather than around it.
                ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / perSecond) + TimeSpan.FromMilliseconds(1),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }

        public TokenBucketRateLimiter Limiter { get; }

        private long _pausedUntil;

        public long PausedUntil
        {
            get => Interlocked.Read(ref _pausedUntil);
            set => Interlocked.Exchange(ref _pausedUntil, value);
        }
    }
}
