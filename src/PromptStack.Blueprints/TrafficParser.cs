using System.Globalization;
using System.Text.RegularExpressions;

namespace PromptStack.Blueprints;

/// <summary>Reads the traffic a prompt expects ("50,000 visitors a day", "2 million requests per month").</summary>
public static partial class TrafficParser
{
    public const long DefaultMonthlyRequests = 100_000;
    private const long MaxMonthlyRequests = 10_000_000_000;

    [GeneratedRegex(@"(?<n>\d[\d,]*(?:\.\d+)?)\s*(?<mult>k|thousand|m|million|billion)?\s*(?:requests|visits|visitors|users|hits|calls|page ?views)\s*(?:a|per|each|/)\s*(?<per>day|month|hour)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex TrafficPattern();

    public static long MonthlyRequests(string prompt)
    {
        var match = TrafficPattern().Match(prompt);
        if (!match.Success ||
            !decimal.TryParse(match.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var n))
        {
            return DefaultMonthlyRequests;
        }

        n *= match.Groups["mult"].Value.ToLowerInvariant() switch
        {
            "k" or "thousand" => 1_000m,
            "m" or "million" => 1_000_000m,
            "billion" => 1_000_000_000m,
            _ => 1m,
        };
        n *= match.Groups["per"].Value.ToLowerInvariant() switch
        {
            "hour" => 730m,
            "day" => 30m,
            _ => 1m,
        };
        return (long)Math.Clamp(n, 1m, MaxMonthlyRequests);
    }
}
