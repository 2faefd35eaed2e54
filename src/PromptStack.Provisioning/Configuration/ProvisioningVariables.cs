using System.Text.RegularExpressions;
using PromptStack.Provisioning.Engine;
using PromptStack.Provisioning.Lifecycle;

namespace PromptStack.Provisioning.Configuration;

/// <summary>
/// The engine's environment variables (see the README's configuration table): how each one is read, its default,
/// and the values it accepts. Every message names the variable to fix.
/// </summary>
public static partial class ProvisioningVariables
{
    /// <summary>A month of days: also below the longest period a timer accepts (about 49 days).</summary>
    private const int MaxIntervalSeconds = 30 * 24 * 3600;

    /// <summary>A year: expiry must stay far inside what a date can hold.</summary>
    private const int MaxTtlMinutes = 365 * 24 * 60;

    // Physical names are "<prefix>-<8 hex>-<logical>-<suffix>", lower-cased; S3, Lambda, DynamoDB and IAM all accept these.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,19}$")]
    private static partial Regex NamePrefix();

    // What every service that PromptStack tags accepts in a tag value.
    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$")]
    private static partial Regex TagValue();

    public static void BindEngine(SettingsReader read, EngineOptions o)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(o);
        o.ManagedBy = read.Text("PLATFORM_NAME", o.ManagedBy);
        o.Environment = read.Text("PLATFORM_ENVIRONMENT", o.Environment);
        o.NamePrefix = read.Text("RESOURCE_NAME_PREFIX", o.NamePrefix);
        o.LeaseDuration = read.Seconds("RECONCILER_LEASE_SECONDS", o.LeaseDuration);
        o.PollInterval = read.Milliseconds("RECONCILER_POLL_MS", o.PollInterval);
        o.ReaperInterval = read.Seconds("REAPER_INTERVAL_SECONDS", o.ReaperInterval);
        o.SweeperInterval = read.Seconds("SWEEPER_INTERVAL_SECONDS", o.SweeperInterval);
        o.OrphanGracePeriod = read.Seconds("ORPHAN_GRACE_SECONDS", o.OrphanGracePeriod);
        o.InstanceId = read.Text("RECONCILER_INSTANCE_ID", o.InstanceId);
        o.ResyncInterval = read.Seconds("RESYNC_INTERVAL_SECONDS", o.ResyncInterval);
        o.MaxParallelProjects = read.WholeNumber("RECONCILER_PARALLEL_PROJECTS", o.MaxParallelProjects);
    }

    public static IEnumerable<string> EngineProblems(EngineOptions o)
    {
        if (o.InstanceId.Length > 100)
        {
            // It is stored as the lease owner, a column of 100 characters.
            yield return $"RECONCILER_INSTANCE_ID must be at most 100 characters, not {o.InstanceId.Length}.";
        }

        if (o.ResyncInterval < TimeSpan.Zero)
        {
            yield return $"RESYNC_INTERVAL_SECONDS must be 0 (no drift checks) or more, not {o.ResyncInterval.TotalSeconds}.";
        }

        if (!TagValue().IsMatch(o.ManagedBy))
        {
            yield return $"PLATFORM_NAME must be 1 to 256 letters, digits, spaces or _.:/=+-@ (it is a tag value), not '{o.ManagedBy}'.";
        }

        if (!TagValue().IsMatch(o.Environment))
        {
            yield return $"PLATFORM_ENVIRONMENT must be 1 to 256 letters, digits, spaces or _.:/=+-@ (it is a tag value), not '{o.Environment}'.";
        }

        if (!NamePrefix().IsMatch(o.NamePrefix))
        {
            yield return $"RESOURCE_NAME_PREFIX must be 1 to 20 letters, digits or hyphens, starting with a letter or digit, not '{o.NamePrefix}'.";
        }

        if (o.LeaseDuration < TimeSpan.FromSeconds(1))
        {
            yield return $"RECONCILER_LEASE_SECONDS must be at least 1, not {o.LeaseDuration.TotalSeconds}.";
        }

        if (o.PollInterval < TimeSpan.FromMilliseconds(1))
        {
            yield return $"RECONCILER_POLL_MS must be at least 1, not {o.PollInterval.TotalMilliseconds}.";
        }

        if (o.ReaperInterval < TimeSpan.FromSeconds(1) || o.ReaperInterval > TimeSpan.FromSeconds(MaxIntervalSeconds))
        {
            yield return $"REAPER_INTERVAL_SECONDS must be from 1 to {MaxIntervalSeconds}, not {o.ReaperInterval.TotalSeconds}.";
        }

        if (o.SweeperInterval < TimeSpan.Zero || o.SweeperInterval > TimeSpan.FromSeconds(MaxIntervalSeconds))
        {
            yield return $"SWEEPER_INTERVAL_SECONDS must be from 0 (off) to {MaxIntervalSeconds}, not {o.SweeperInterval.TotalSeconds}.";
        }

        if (o.OrphanGracePeriod < TimeSpan.Zero)
        {
            yield return $"ORPHAN_GRACE_SECONDS must be 0 or more, not {o.OrphanGracePeriod.TotalSeconds}.";
        }

        if (o.MaxParallelProjects < 1 || o.MaxParallelProjects > 256)
        {
            yield return $"RECONCILER_PARALLEL_PROJECTS must be from 1 to 256, not {o.MaxParallelProjects}.";
        }
    }

    public static void BindLifecycle(SettingsReader read, LifecycleOptions o)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(o);
        o.ResourceTtlMinutes = read.WholeNumber("RESOURCE_TIMEOUT_MINUTES", o.ResourceTtlMinutes);

        // A lifetime longer than the default maximum raises the maximum with it unless that is set too.
        o.MaxTtlMinutes = read.WholeNumber("MAX_RESOURCE_TIMEOUT_MINUTES", Math.Max(o.MaxTtlMinutes, o.ResourceTtlMinutes));
    }

    public static IEnumerable<string> LifecycleProblems(LifecycleOptions o)
    {
        if (o.ResourceTtlMinutes < 1 || o.ResourceTtlMinutes > MaxTtlMinutes)
        {
            yield return $"RESOURCE_TIMEOUT_MINUTES must be from 1 to {MaxTtlMinutes}, not {o.ResourceTtlMinutes}.";
        }
        else if (o.MaxTtlMinutes < o.ResourceTtlMinutes || o.MaxTtlMinutes > MaxTtlMinutes)
        {
            yield return $"MAX_RESOURCE_TIMEOUT_MINUTES must be from RESOURCE_TIMEOUT_MINUTES ({o.ResourceTtlMinutes}) to {MaxTtlMinutes}, not {o.MaxTtlMinutes}.";
        }
    }
}
