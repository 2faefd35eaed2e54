using PromptStack.Provisioning.Aws.Drivers;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// The deployed function's own limits (the same timeout and memory the Lambda driver configures), so a handler
/// that would fail on AWS fails the same way in the local preview instead of taking the host down with it.
/// </summary>
public sealed record SandboxLimits
{
    /// <summary>Lambda's synchronous response payload limit.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(LambdaFunctionDriver.TimeoutSeconds);

    public int MemoryMb { get; init; } = LambdaFunctionDriver.MemorySizeMb;

    /// <summary>
    /// Resident memory above the V8 heap limit before the watchdog kills: Node's own code and buffers (which live
    /// outside the V8 heap) need room, and the heap limit alone never stops <c>Buffer.alloc</c>.
    /// </summary>
    public int MemoryMarginMb { get; init; } = 128;

    /// <summary>How much of the handler's console output one invocation keeps as its log.</summary>
    public int MaxLogBytes { get; init; } = 64 * 1024;

    /// <summary>Handler processes alive at once; more would let a flood of calls fork-bomb the host.</summary>
    public int MaxConcurrent { get; init; } = 2 * Environment.ProcessorCount;

    /// <summary>How long a call waits for a free slot before it is turned away with 429.</summary>
    public TimeSpan QueueWait { get; init; } = TimeSpan.FromSeconds(2);

    public long MaxResidentBytes => (MemoryMb + MemoryMarginMb) * 1024L * 1024L;

    /// <summary>PREVIEW_TIMEOUT_SECONDS, PREVIEW_MEMORY_MB and PREVIEW_MAX_CONCURRENT override the defaults (tests shorten them).</summary>
    public static SandboxLimits From(IConfiguration configuration)
    {
        var defaults = new SandboxLimits();
        return defaults with
        {
            Timeout = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("PREVIEW_TIMEOUT_SECONDS", defaults.Timeout.TotalSeconds), 1, 900)),
            MemoryMb = Math.Clamp(configuration.GetValue("PREVIEW_MEMORY_MB", defaults.MemoryMb), 64, 10240),
            MaxConcurrent = Math.Max(1, configuration.GetValue("PREVIEW_MAX_CONCURRENT", defaults.MaxConcurrent)),
        };
    }
}
