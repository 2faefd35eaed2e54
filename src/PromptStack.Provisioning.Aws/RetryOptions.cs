namespace PromptStack.Provisioning.Aws;

/// <summary>Backoff settings for <see cref="Retry"/>. Defaults suit provisioning calls (seconds, not milliseconds, matter).</summary>
public sealed record RetryOptions
{
    public static RetryOptions Default { get; } = new();

    /// <summary>Total attempts including the first one.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Cap of the first retry's random delay; doubles per attempt.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of any single delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Clock used for the delays, so tests need not wait.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
