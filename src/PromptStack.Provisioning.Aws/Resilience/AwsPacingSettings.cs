using PromptStack.Provisioning.Configuration;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>
/// Calls per second allowed per AWS service and operation class, shared by all work on one instance. Bound once
/// from environment-style keys: AWS_PACE_LAMBDA_WRITE_PER_SECOND for "lambda:write", AWS_PACE_S3_PER_SECOND for "s3".
/// </summary>
public sealed class AwsPacingSettings
{
    /// <summary>Operation classes and their defaults; a class missing here is not paced.</summary>
    public Dictionary<string, double> PerSecond { get; } = new(StringComparer.Ordinal)
    {
        // Lambda quotas page (gettingstarted-limits, "Lambda API requests"): the control plane outside
        // invocation, GetFunction and GetPolicy allows 15 requests per second per Region.
        [PaceKeys.LambdaWrite] = 15,

        // GetFunction alone may do 100/s, but GetPolicy is 15/s and ListFunctions/ListTags fall in the 15/s
        // remainder, so reads take the lower figure.
        [PaceKeys.LambdaRead] = 15,

        // IAM publishes no request rate; it is a global, eventually consistent control plane that throttles early.
        // 10/s for changes and 20/s for reads are conservative assumptions, not AWS figures.
        [PaceKeys.IamWrite] = 10,
        [PaceKeys.IamRead] = 20,

        // API Gateway quotas (limits.html, "creating, deploying and managing an API"): operations without their own
        // quota share 10 requests per second per account; split evenly between reads and writes.
        [PaceKeys.ApiGatewayWrite] = 5,
        [PaceKeys.ApiGatewayRead] = 5,

        // S3 performance guidelines: 3,500 writes and 5,500 reads per second per prefix; bucket-level calls have no
        // published rate, so 50/s stays far below both.
        [PaceKeys.S3] = 50,

        // DynamoDB publishes a concurrency limit (500 table operations in flight), not a rate, for its control plane;
        // 20/s is a conservative assumption.
        [PaceKeys.DynamoDbControl] = 20,

        // STS quotas (IAM and STS quotas page): 600 requests per second per account per Region.
        [PaceKeys.Sts] = 100,
    };

    /// <summary>How long a class waits after AWS answered one of its calls with throttling.</summary>
    public TimeSpan ThrottlePenalty { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Environment-style key of an operation class: "lambda:write" -> AWS_PACE_LAMBDA_WRITE_PER_SECOND.</summary>
    public static string SettingName(string paceKey) => $"AWS_PACE_{paceKey.Replace(':', '_').ToUpperInvariant()}_PER_SECOND";

    /// <summary>
    /// Defaults overridden by whatever <paramref name="read"/> returns for each class's setting name. Without
    /// <paramref name="withAwsDefaults"/> (an emulator, which has no control-plane limits) only the classes
    /// named in the settings are paced. Invalid values throw, naming their setting.
    /// </summary>
    public static AwsPacingSettings From(Func<string, string?> read, bool withAwsDefaults = true)
    {
        var reader = new SettingsReader(read);
        var settings = new AwsPacingSettings();
        Bind(reader, settings, withAwsDefaults);
        var problems = reader.Problems.Concat(settings.Problems()).ToList();
        return problems.Count == 0 ? settings : throw new InvalidOperationException(string.Join(" ", problems));
    }

    /// <summary>Reads AWS_PACE_*_PER_SECOND and AWS_PACE_THROTTLE_PENALTY_MS into <paramref name="settings"/> (see <see cref="From"/>).</summary>
    public static void Bind(SettingsReader read, AwsPacingSettings settings, bool withAwsDefaults)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var key in settings.PerSecond.Keys.ToList())
        {
            if (read.Text(SettingName(key)) is not null)
            {
                settings.PerSecond[key] = read.Number(SettingName(key), settings.PerSecond[key]);
            }
            else if (!withAwsDefaults)
            {
                settings.PerSecond.Remove(key);
            }
        }

        settings.ThrottlePenalty = read.Milliseconds("AWS_PACE_THROTTLE_PENALTY_MS", settings.ThrottlePenalty);
    }

    /// <summary>Rates that are not positive and a negative penalty, each naming its setting.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (key, rate) in PerSecond.Where(p => !(p.Value > 0) || !double.IsFinite(p.Value)))
        {
            yield return $"{SettingName(key)} must be a positive number of calls per second, not {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}.";
        }

        if (ThrottlePenalty < TimeSpan.Zero)
        {
            yield return $"AWS_PACE_THROTTLE_PENALTY_MS must be 0 or more, not {ThrottlePenalty.TotalMilliseconds}.";
        }
    }
}
