using System.Globalization;
using System.Text.RegularExpressions;

namespace PromptStack.IntegrationTests.Monitoring;

/// <summary>One sample line of the Prometheus text format: name, labels and value.</summary>
public sealed partial record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public static IReadOnlyList<PrometheusSample> Parse(string text) =>
        text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(ParseLine).OfType<PrometheusSample>().ToList();

    /// <summary>The names of the metric families in a scrape (a histogram's _bucket, _sum and _count under one name).</summary>
    public static IReadOnlySet<string> Families(string text) =>
        text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet();

    private static PrometheusSample? ParseLine(string line)
    {
        var match = Line().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? new PrometheusSample(match.Groups["name"].Value, labels, value)
            : null;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex Line();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
