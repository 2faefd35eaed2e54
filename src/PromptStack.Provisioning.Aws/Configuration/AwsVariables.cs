using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Configuration;

namespace PromptStack.Provisioning.Aws.Configuration;

/// <summary>
/// The AWS environment variables (see the README's configuration table): how each one is read, its default, and the
/// values it accepts. Every message names the variable to fix. The AWS_PACE_* variables are read by
/// <see cref="Resilience.AwsPacingSettings.Bind"/>.
/// </summary>
public static partial class AwsVariables
{
    public const string EndpointUrl = "AWS_ENDPOINT_URL";

    private const int MaxRetryAttempts = 50;

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$")]
    private static partial Regex RegionName();

    [GeneratedRegex("^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]{1,576}$")]
    private static partial Regex RoleArn();

    [GeneratedRegex("^arn:aws(-[a-z]+)*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9_+=,.@/-]{1,640}$")]
    private static partial Regex PolicyArn();

    // STS AssumeRole's ExternalId: 2 to 1224 characters of [\w+=,.@:/-].
    [GeneratedRegex("^[A-Za-z0-9_+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalId();

    /// <summary>
    /// Whether AWS_ENDPOINT_URL points the platform at an emulator. Read when options are built, not when services
    /// are registered: local mode sets it after registration, once its moto server runs.
    /// </summary>
    public static bool UsesEmulator(IConfiguration configuration) => UsesEmulator(new SettingsReader(configuration));

    public static void BindConnection(SettingsReader read, AwsSettings o)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(o);
        o.Region = read.Text("AWS_REGION", o.Region);
        o.EndpointUrl = read.Text(EndpointUrl);
        o.RoleArn = read.Text("AWS_ROLE_ARN");
        o.ExternalId = read.Text("AWS_EXTERNAL_ID");
        o.Environment = read.Text("PLATFORM_ENVIRONMENT", o.Environment);
        o.ManagedBy = read.Text("PLATFORM_NAME", o.ManagedBy);
    }

    /// <summary>PLATFORM_NAME and PLATFORM_ENVIRONMENT are checked with the engine's options, which tag with them.</summary>
    public static IEnumerable<string> ConnectionProblems(AwsSettings o)
    {
        if (!RegionName().IsMatch(o.Region))
        {
            yield return $"AWS_REGION must be a region name such as us-east-1, not '{o.Region}'.";
        }

        if (o.EndpointUrl is { } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0))
        {
            yield return $"{EndpointUrl} must be an http(s) address such as http://127.0.0.1:5000, not '{endpoint}'.";
        }

        if (o.RoleArn is { } role && !RoleArn().IsMatch(role))
        {
            yield return $"AWS_ROLE_ARN must be an IAM role ARN such as arn:aws:iam::123456789012:role/promptstack, not '{role}'.";
        }

        // A secret of sorts: never repeated in a message.
        if (o.ExternalId is { } externalId && !ExternalId().IsMatch(externalId))
        {
            yield return "AWS_EXTERNAL_ID must be 2 to 1224 letters, digits or the characters _+=,.@:/- (the value is not shown).";
        }
    }

    public static void BindDrivers(SettingsReader read, DriverSettings o)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(o);
        o.Region = read.Text("AWS_REGION", o.Region);
        o.PermissionsBoundaryArn = read.Text("AWS_PERMISSIONS_BOUNDARY_ARN");
        o.PublicSiteBuckets = read.Flag("PUBLIC_SITE_BUCKETS", UsesEmulator(read));
    }

    /// <summary>AWS_REGION is checked with the connection settings.</summary>
    public static IEnumerable<string> DriverProblems(DriverSettings o)
    {
        if (o.PermissionsBoundaryArn is { } boundary && !PolicyArn().IsMatch(boundary))
        {
            yield return $"AWS_PERMISSIONS_BOUNDARY_ARN must be an IAM policy ARN such as arn:aws:iam::123456789012:policy/promptstack-project-boundary, not '{boundary}'.";
        }

        if (o.PollInterval <= TimeSpan.Zero || o.WaitTimeout <= TimeSpan.Zero)
        {
            yield return "DriverSettings.PollInterval and WaitTimeout must be positive.";
        }
    }

    /// <summary>AWS's control-plane limits do not exist in an emulator: there, only classes set explicitly are paced.</summary>
    public static void BindPacing(SettingsReader read, Resilience.AwsPacingSettings o) =>
        Resilience.AwsPacingSettings.Bind(read, o, withAwsDefaults: !UsesEmulator(read));

    public static void BindRetries(SettingsReader read, RetryOptions o)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(o);
        o.MaxAttempts = read.WholeNumber("AWS_RETRY_MAX_ATTEMPTS", o.MaxAttempts);
        o.BaseDelay = TimeSpan.FromMilliseconds(read.Number("AWS_RETRY_BASE_DELAY_MS", o.BaseDelay.TotalMilliseconds));
    }

    public static IEnumerable<string> RetryProblems(RetryOptions o)
    {
        if (o.MaxAttempts < 1 || o.MaxAttempts > MaxRetryAttempts)
        {
            yield return $"AWS_RETRY_MAX_ATTEMPTS must be from 1 to {MaxRetryAttempts}, not {o.MaxAttempts}.";
        }

        if (o.BaseDelay < TimeSpan.Zero || o.BaseDelay > o.MaxDelay)
        {
            yield return $"AWS_RETRY_BASE_DELAY_MS must be from 0 to {o.MaxDelay.TotalMilliseconds} (the longest delay), not {o.BaseDelay.TotalMilliseconds}.";
        }
    }

    private static bool UsesEmulator(SettingsReader read) => read.Text(EndpointUrl) is not null;
}
