using System.Diagnostics;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>What <see cref="FaultProxy"/> does with one call.</summary>
public enum ProxyAnswer
{
    Forward,
    ServerError,
    Throttle,
    DropBeforeAnswer,
    DropMidAnswer,
    RateLimited,

    /// <summary>Forwarded, done by moto, and the connection dropped before the answer: the caller cannot tell it happened.</summary>
    LostAnswer,
}

/// <summary>The calls one AWS service received through a <see cref="FaultProxy"/>, and what it answered.</summary>
public sealed class ServiceTraffic
{
    // Faults take turns per service, so every service that sees a handful of faults sees every kind: a third are
    // 500s, a third throttling and a third dropped connections (before the answer and in the middle of it, alternately).
    private static readonly ProxyAnswer[] FaultCycle =
    [
        ProxyAnswer.ServerError, ProxyAnswer.Throttle, ProxyAnswer.DropBeforeAnswer,
        ProxyAnswer.ServerError, ProxyAnswer.Throttle, ProxyAnswer.DropMidAnswer,
    ];

    private readonly List<long> _arrivals = [];
    private double _tokens = double.NaN;
    private long _refilledAt;
    private readonly Dictionary<ProxyAnswer, int> _answers = [];
    private readonly Dictionary<string, int> _classes = new(StringComparer.Ordinal);

    public int Calls
    {
        get
        {
            lock (_arrivals)
            {
                return _arrivals.Count;
            }
        }
    }

    /// <summary>Injected faults (not rate-limit answers).</summary>
    public int Faults => Count(ProxyAnswer.ServerError) + Count(ProxyAnswer.Throttle) + Drops;

    public int Drops => Count(ProxyAnswer.DropBeforeAnswer) + Count(ProxyAnswer.DropMidAnswer);

    /// <summary>Throttling answers given because the service's rate limit was exceeded.</summary>
    public int RateLimited => Count(ProxyAnswer.RateLimited);

    public int Count(ProxyAnswer answer)
    {
        lock (_arrivals)
        {
            return _answers.GetValueOrDefault(answer);
        }
    }

    /// <summary>Most calls that arrived within any one second (all of them, throttled ones included).</summary>
    public int MaxInAnySecond() => MaxInAny(TimeSpan.FromSeconds(1));

    /// <summary>Most calls that arrived within any window of this length (all of them, throttled ones included).</summary>
    public int MaxInAny(TimeSpan window)
    {
        var length = (long)(window.TotalSeconds * Stopwatch.Frequency);
        long[] times;
        lock (_arrivals)
        {
            times = [.. _arrivals];
        }

        Array.Sort(times);
        var max = 0;
        var first = 0;
        for (var last = 0; last < times.Length; last++)
        {
            while (times[last] - times[first] >= length)
            {
                first++;
            }

            max = Math.Max(max, last - first + 1);
        }

        return max;
    }

    /// <summary>The shortest time in which <paramref name="calls"/> consecutive calls arrived, in ms; null if there were fewer.</summary>
    public double? TightestSpanMs(int calls)
    {
        long[] times;
        lock (_arrivals)
        {
            times = [.. _arrivals];
        }

        Array.Sort(times);
        return times.Length < calls
            ? null
            : Enumerable.Range(0, times.Length - calls + 1).Min(i => times[i + calls - 1] - times[i]) * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>When the calls of the busiest second arrived, in ms from its first, for telling bursts from drift.</summary>
    public string BusiestSecond()
    {
        long[] times;
        lock (_arrivals)
        {
            times = [.. _arrivals];
        }

        Array.Sort(times);
        var (start, count) = (0, 0);
        for (int first = 0, last = 0; last < times.Length; last++)
        {
            while (times[last] - times[first] >= Stopwatch.Frequency)
            {
                first++;
            }

            if (last - first + 1 > count)
            {
                (start, count) = (first, last - first + 1);
            }
        }

        return string.Join(" ", times.Skip(start).Take(count).Select(t => ((t - times[start]) * 1000 / Stopwatch.Frequency).ToString()));
    }

    /// <summary>Records a call and decides its answer: the next fault kind if faulted, else throttling if over the limit.</summary>
    public ProxyAnswer Arrive(long timestamp, string paceClass, bool faulted, int? limitPerSecond, bool loseAnswer = false)
    {
        lock (_arrivals)
        {
            _arrivals.Add(timestamp);
            _classes[paceClass] = _classes.GetValueOrDefault(paceClass) + 1;
            ProxyAnswer answer;
            if (faulted)
            {
                answer = FaultCycle[Faults % FaultCycle.Length];
            }
            else if (limitPerSecond is { } limit && !Admit(timestamp, limit))
            {
                answer = ProxyAnswer.RateLimited;
            }
            else
            {
                answer = loseAnswer ? ProxyAnswer.LostAnswer : ProxyAnswer.Forward;
            }

            _answers[answer] = _answers.GetValueOrDefault(answer) + 1;
            return answer;
        }
    }

    public override string ToString() =>
        $"calls {Calls,5}  500s {Count(ProxyAnswer.ServerError),3}  throttled {Count(ProxyAnswer.Throttle),3}  "
        + $"dropped {Count(ProxyAnswer.DropBeforeAnswer),3}+{Count(ProxyAnswer.DropMidAnswer),-3}  rate-limited {RateLimited,3}  lost {Count(ProxyAnswer.LostAnswer),3}  "
        + $"max {MaxInAnySecond(),3} in any 1 s  ({Classes()})";

    /// <summary>Calls per operation class, as the pacer sees them ("lambda:read 400, lambda:write 800").</summary>
    public string Classes()
    {
        lock (_arrivals)
        {
            return string.Join(", ", _classes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
        }
    }

    /// <summary>
    /// AWS's limit, as AWS documents it for its control-plane APIs: a token bucket refilled at the limit a second,
    /// holding one second's worth (AWS's own buckets hold several). A sustained rate above the limit, or a burst of more
    /// than a second's worth, is throttled; a few calls arriving closer together than the pacer let them go is not
    /// (on a loaded machine a stalled thread pool delivers calls in small bunches, as a network can).
    /// </summary>
    private bool Admit(long timestamp, int limit)
    {
        if (double.IsNaN(_tokens))
        {
            (_tokens, _refilledAt) = (limit, timestamp);
        }

        _tokens = Math.Min(limit, _tokens + Math.Max(0, timestamp - _refilledAt) * (double)limit / Stopwatch.Frequency);
        _refilledAt = Math.Max(_refilledAt, timestamp);
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
