using System.Collections.Concurrent;
using System.Diagnostics;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>
/// One schedule per operation class, shared by every call this instance makes, so many stacks provisioning at once
/// stay under AWS's control-plane limits instead of discovering them through throttling. Calls are spread evenly
/// (one every 1/rate seconds) rather than sent in bursts, and never more than the rate's worth of calls leave in any
/// window of about a second, counted when each call is actually let go: on a busy host, timers and continuations run
/// late and bunch up, and a token bucket refilled by a timer then hands out several permits at once.
/// </summary>
public sealed class AwsPacer : IDisposable
{
    /// <summary>
    /// Pacing aims this far under the set rate: AWS counts calls when they arrive, and the way there (signing, a new
    /// connection, a busy host, the network) delays some calls more than others, bringing calls let go apart closer
    /// together. At 20/s the rate's worth of calls is let go over 1.11 s, not 1 s, which absorbs 110 ms of such jitter;
    /// 5% (50 ms) was not enough on a loaded two-core test machine, where single calls arrived 50-60 ms late.
    /// </summary>
    public const double Headroom = 0.10;

    private readonly AwsPacingSettings _settings;
    private readonly ConcurrentDictionary<string, Schedule?> _schedules = new(StringComparer.Ordinal);

    public AwsPacer(AwsPacingSettings settings) => _settings = settings;

    /// <summary>Waits for the class's next slot; classes without a configured rate pass at once.</summary>
    public ValueTask WaitAsync(string paceKey, CancellationToken cancellationToken) =>
        ScheduleOf(paceKey) is { } schedule ? schedule.WaitAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <summary>
    /// AWS throttled a call of this class: hold the class for the penalty, so the calls queued behind it back off
    /// together instead of each earning its own throttling answer.
    /// </summary>
    public void Penalize(string paceKey) => ScheduleOf(paceKey)?.Pause(_settings.ThrottlePenalty);

    public void Dispose()
    {
        foreach (var schedule in _schedules.Values)
        {
            schedule?.Dispose();
        }
    }

    private Schedule? ScheduleOf(string paceKey) =>
        _schedules.GetOrAdd(paceKey, key => _settings.PerSecond.TryGetValue(key, out var rate) ? new Schedule(rate) : null);

    /// <summary>Lets callers go one at a time, in arrival order, each when the spacing and the window allow.</summary>
    private sealed class Schedule : IDisposable
    {
        private readonly SemaphoreSlim _queue = new(1, 1);
        private readonly object _lock = new();
        private readonly long _spacing;
        private readonly long _window;

        // When the last calls were actually let go (Stopwatch ticks), oldest at _oldest: as many as the rate allows a second.
        private readonly long[] _released;
        private int _oldest;
        private long _nextSlot = long.MinValue / 2;
        private long _pausedUntil = long.MinValue / 2;

        public Schedule(double perSecond)
        {
            _spacing = (long)Math.Ceiling(Stopwatch.Frequency / (perSecond * (1 - Headroom)));
            _released = new long[Math.Max(1, (int)Math.Ceiling(perSecond))];
            Array.Fill(_released, long.MinValue / 2);
            _window = _released.Length * _spacing;
        }

        public async ValueTask WaitAsync(CancellationToken cancellationToken)
        {
            await _queue.WaitAsync(cancellationToken);
            try
            {
                long wait;
                while ((wait = TryRelease()) > 0)
                {
                    // Whole milliseconds, rounded up: timers have no finer grain, and a zero delay would spin.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait * 1000.0 / Stopwatch.Frequency)), cancellationToken);
                }
            }
            finally
            {
                _queue.Release();
            }
        }

        public void Pause(TimeSpan penalty)
        {
            lock (_lock)
            {
                _pausedUntil = Math.Max(_pausedUntil, Stopwatch.GetTimestamp() + (long)(penalty.TotalSeconds * Stopwatch.Frequency));
            }
        }

        public void Dispose() => _queue.Dispose();

        /// <summary>Lets the caller go now (0), or says how many ticks to wait before asking again.</summary>
        private long TryRelease()
        {
            lock (_lock)
            {
                var now = Stopwatch.GetTimestamp();
                var due = Math.Max(Math.Max(_nextSlot, _pausedUntil), _released[_oldest] + _window);
                if (now < due)
                {
                    return due - now;
                }

                _released[_oldest] = now;
                _oldest = (_oldest + 1) % _released.Length;

                // A call let go late takes back at most one slot, so the schedule keeps its rate without bursting.
                _nextSlot = Math.Max(_nextSlot, now - _spacing) + _spacing;
                return 0;
            }
        }
    }
}
