namespace PromptStack.Provisioning.Aws;

/// <summary>
/// The single retry budget of every AWS call: the SigV4 transport's retry handler uses all of it, the SDK clients
/// get <see cref="MaxAttempts"/> and <see cref="AttemptTimeout"/> as their own retry settings. Defaults suit
/// provisioning calls (seconds, not milliseconds, matter); AWS_RETRY_MAX_ATTEMPTS and AWS_RETRY_BASE_DELAY_MS
/// override the first two.
/// </summary>
public sealed record RetryOptions
{
    /// <summary>A new instance with the defaults (options are settable, so none is shared).</summary>
    public static RetryOptions Default => new();

    /// <summary>Total attempts including the first one.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Delay before the first retry; doubles per attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of any single delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest single attempt; a hung connection counts as a transport failure and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock used for the delays, so tests need not wait.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
