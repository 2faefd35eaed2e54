using System.Text.RegularExpressions;

namespace PromptStack.Blueprints.Catalog.Templates;

/// <summary>
/// Entries (category label + value) drawn as an inline SVG chart. Reads the chart kind and the series from the
/// prompt: "a line chart of monthly sales" gives kind line, title "Monthly Sales", value "Sales", category "Month".
/// </summary>
internal sealed partial class ChartDashboardTemplate : AppTemplate
{
    private static readonly Dictionary<string, string> Periods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hourly"] = "Hour", ["daily"] = "Day", ["weekly"] = "Week", ["monthly"] = "Month",
        ["quarterly"] = "Quarter", ["yearly"] = "Year", ["annual"] = "Year", ["annually"] = "Year",
    };

    private static readonly HashSet<string> ChartWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "bar", "line", "pie", "column", "donut", "doughnut", "chart", "charts", "graph", "graphs", "plot", "dashboard", "histogram",
        "visualization", "visualisation", "tracker", "shows", "showing",
    };

    public override string Name => "chart-dashboard";

    public override string Description => "a chart dashboard: add entries (label and value) and see them as a bar, line or pie chart";

    public override string Example => "a bar chart of monthly sales";

    public override IReadOnlyList<Keyword> Keywords { get; } =
    [
        new("(?:bar|line|pie|column|donut|doughnut) ?(?:charts?|graphs?)", 6),
        new("charts?|graphs?|plots?|plotting|graphing|charting", 5),
        new("dashboards?", 4),
        new("visuali[sz](?:e|es|ing|ation)|histograms?", 4),
        new("metrics|kpis?|analytics|statistics|stats", 2),
        new("sales|revenue|visitors|temperatures?|readings|measurements|data points?", 1),
        new("over time|trends?", 1),
    ];

    public override TemplateBuild Build(PromptFacts prompt)
    {
        var kind = ChartKind(prompt);
        var (series, valueLabel, categoryLabel) = Series(prompt);
        var title = prompt.CalledName() ?? series ?? "Dashboard";
        var chart = new { kind, title, valueLabel, categoryLabel };
        return new TemplateBuild
        {
            Title = title,
            Lead = $"Add {categoryLabel.ToLowerInvariant()} and {valueLabel.ToLowerInvariant()} entries; the {kind} chart updates as you go.",
            Description = $"a {kind} chart dashboard: entries of {categoryLabel} and {valueLabel} are stored and drawn as an inline SVG {kind} chart by the page's own script",
            Parameters = new Dictionary<string, string>
            {
                ["title"] = title,
                ["chartKind"] = kind,
                ["valueLabel"] = valueLabel,
                ["categoryLabel"] = categoryLabel,
            },
            PageConfig = new { chart },
            HandlerConfig = new { chart },
        };
    }

    internal static string ChartKind(PromptFacts prompt)
    {
        var explicitKind = KindPattern().Match(prompt.Lower);
        var word = explicitKind.Success ? explicitKind.Groups["k"].Value
            : prompt.Has("pie|donut|doughnut") ? "pie"
            : prompt.Has("line|trend|over time|time series|timeline") ? "line"
            : "bar";
        return word switch
        {
            "pie" or "donut" or "doughnut" => "pie",
            "line" => "line",
            _ => "bar",
        };
    }

    /// <summary>The series phrase (title-cased) with its value and category labels.</summary>
    internal static (string? Series, string ValueLabel, string CategoryLabel) Series(PromptFacts prompt)
    {
        var phrase = prompt.Find(AfterChartPattern(), GraphMyPattern()) is { } after
            ? after
            : BeforeChartPattern().Match(prompt.Text) is { Success: true } before ? LastWords(before.Groups["v"].Value, 4) : null;
        if (phrase is null)
        {
            return (null, "Value", "Category");
        }

        phrase = PromptFacts.TrimFillers(PromptFacts.CutClause(StripChartWords(phrase)));
        string? categoryLabel = null;
        string? categoryTitle = null;
        var by = ByPattern().Match(phrase);
        if (by.Success)
        {
            var words = by.Groups["c"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .TakeWhile(w => !CategoryStop.Contains(w)).Take(2).ToList();
            if (words.Count > 0)
            {
                var typed = string.Join(' ', words);
                categoryLabel = typed.Equals("time", StringComparison.OrdinalIgnoreCase) ? "Date" : PromptFacts.TitleCase(PromptFacts.Singular(typed));
                categoryTitle = $"{by.Groups["p"].Value.ToLowerInvariant()} {PromptFacts.TitleCase(typed)}";
            }

            phrase = PromptFacts.TrimFillers(phrase[..by.Index].Trim());
        }

        var parts = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string? periodCategory = null;
        if (parts.Length > 1 && Periods.TryGetValue(parts[0], out var period))
        {
            periodCategory = period;
        }

        categoryLabel ??= periodCategory ?? "Category";
        var value = (periodCategory is null ? phrase : string.Join(' ', parts.Skip(1))).Trim();
        if (value.Length == 0 || value.Length > 40 || parts.Length > 5 || !LabelPattern().IsMatch(value))
        {
            return (null, "Value", categoryLabel);
        }

        var series = PromptFacts.TitleCase(phrase) + (categoryTitle is null ? "" : " " + categoryTitle);
        return (PromptFacts.Title(series), PromptFacts.TitleCase(value), categoryLabel);
    }

    private static readonly HashSet<string> CategoryStop = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "with", "the", "a", "an", "in", "on", "as", "from", "of", "i", "we", "so",
    };

    private static string StripChartWords(string phrase)
    {
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !ChartWords.Contains(w));
        return string.Join(' ', words);
    }

    private static string LastWords(string phrase, int count)
    {
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Skip(Math.Max(0, words.Length - count)));
    }

    [GeneratedRegex(@"\b(?<k>bar|line|pie|column|donut|doughnut)[ -]?(?:charts?|graphs?|plots?)\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex KindPattern();

    [GeneratedRegex(@"\b(?:charts?|graphs?|plots?|dashboards?|visuali[sz]ations?|histograms?)\s+(?:of|for|showing|tracking|with|about|displaying|comparing|to track|to show|that shows|that tracks|which shows)\s+(?<v>[^,.;:!?""]{1,80})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex AfterChartPattern();

    [GeneratedRegex(@"\b(?:graph|chart|plot|visuali[sz]e|track)\s+(?:my|our|the)\s+(?<v>[^,.;:!?""]{1,80})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex GraphMyPattern();

    [GeneratedRegex(@"(?<v>[\p{L}][\p{L}\p{N}' -]{0,80}?)\s+(?:(?:bar|line|pie|column|donut|doughnut)[ -]?)?(?:charts?|graphs?|plots?|dashboards?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex BeforeChartPattern();

    [GeneratedRegex(@"\s(?<p>by|per|for each|each|across|over)\s+(?<c>[\p{L}][\p{L} -]{0,30})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ByPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}' %&-]*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex LabelPattern();
}
