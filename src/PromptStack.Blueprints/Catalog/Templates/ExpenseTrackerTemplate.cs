using System.Text.RegularExpressions;

namespace PromptStack.Blueprints.Catalog.Templates;

/// <summary>Expenses with a category each and totals per category; categories and currency come from the prompt.</summary>
internal sealed partial class ExpenseTrackerTemplate : AppTemplate
{
    public static readonly IReadOnlyList<string> DefaultCategories = ["Food", "Transport", "Housing", "Entertainment", "Other"];

    public override string Name => "expense-tracker";

    public override string Description => "an expense tracker: log expenses by category and see totals per category";

    public override string Example => "an expense tracker with categories food, rent and travel, in euros";

    public override IReadOnlyList<Keyword> Keywords { get; } =
    [
        new("expenses?|expenditures?", 5),
        new("spending|spend|spent", 4),
        new("budget(?:s|ing)?", 4),
        new("(?:money|cost|bills?) ?(?:tracker|tracking|log)", 4),
        new("receipts?|purchases?", 2),
        new("costs?|bills?|finances?", 2),
        new("categor(?:y|ies)", 1),
    ];

    public override TemplateBuild Build(PromptFacts prompt)
    {
        var categories = Categories(prompt);
        var currency = Currency(prompt);
        var title = prompt.CalledName() ?? (prompt.Has("budget(?:s|ing)?") ? "Budget Tracker" : "Expense Tracker");
        return new TemplateBuild
        {
            Title = title,
            Lead = $"Log what you spend and see the totals per category ({string.Join(", ", categories)}).",
            Description = $"an expense tracker in {currency} with the categories {string.Join(", ", categories)}, showing the total per category",
            Parameters = new Dictionary<string, string>
            {
                ["title"] = title,
                ["categories"] = string.Join(", ", categories),
                ["currency"] = currency,
            },
            PageConfig = new { categories, currency },
            HandlerConfig = new { categories, currency },
        };
    }

    internal static IReadOnlyList<string> Categories(PromptFacts prompt)
    {
        foreach (var pattern in new[] { CategoriesPattern(), SpendingOnPattern() })
        {
            var match = pattern.Match(prompt.Text);
            if (!match.Success)
            {
                continue;
            }

            var items = PromptFacts.SplitList(match.Groups["v"].Value, 12, 30, ItemPattern())
                .Select(i => PromptFacts.TitleCase(i))
                .ToList();
            if (items.Count >= 2)
            {
                return items;
            }
        }

        return DefaultCategories;
    }

    internal static string Currency(PromptFacts prompt) =>
        prompt.Text.Contains('€', StringComparison.Ordinal) || prompt.Has("euros?|eur") ? "EUR"
        : prompt.Text.Contains('£', StringComparison.Ordinal) || prompt.Has("pounds?|gbp|sterling") ? "GBP"
        : prompt.Text.Contains('¥', StringComparison.Ordinal) || prompt.Has("yen|jpy") ? "JPY"
        : prompt.Text.Contains('₹', StringComparison.Ordinal) || prompt.Has("rupees?|inr") ? "INR"
        : prompt.Has("swiss francs?|chf") ? "CHF"
        : prompt.Has("canadian dollars?|cad") ? "CAD"
        : prompt.Has("australian dollars?|aud") ? "AUD"
        : "USD";

    [GeneratedRegex(@"\bcategor(?:y|ies)\b\s*(?::|\(|like|such as|including|are|=|of)?\s*(?<v>[^.;!?)]{1,300})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex CategoriesPattern();

    [GeneratedRegex(@"\b(?:on|for|across|between|into)\s+(?<v>[\p{L}][\p{L}' -]{0,29}(?:\s*,\s*[\p{L}][\p{L}' -]{0,29})+(?:\s*,?\s*(?:and|or)\s+[\p{L}][\p{L}' -]{0,29})?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex SpendingOnPattern();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} '&-]{0,29}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ItemPattern();
}
