namespace PromptStack.Provisioning.Aws;

/// <summary>
/// The single retry budget of every AWS call: the SigV4 transport's retry handler uses all of it, the SDK clients
/// get <see cref="MaxAttempts"/> and <see cref="AttemptTimeout"/> as their own retry settings. Defaults suit
/// provisioning calls (seconds, not milliseconds, matter).
/// </summary>
public sealed record RetryOptions
{
    public static RetryOptions Default { get; } = new();

    /// <summary>Total attempts including the first one.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Delay before the first retry; doubles per attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of any single delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest single attempt; a hung connection counts as a transport failure and is retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock used for the delays, so tests need not wait.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
