using System.Text.RegularExpressions;

namespace PromptStack.Blueprints.Catalog.Templates;

/// <summary>One question with fixed options; votes are stored and counted. Question and options come from the prompt.</summary>
internal sealed partial class PollTemplate : AppTemplate
{
    public const string DefaultQuestion = "What do you think?";
    public static readonly IReadOnlyList<string> DefaultOptions = ["Yes", "No"];

    public override string Name => "poll";

    public override string Description => "a poll: one question, a few options, live results";

    public override string Example => "a poll \"Best pizza?\" with options margherita, pepperoni, hawaiian";

    public override IReadOnlyList<Keyword> Keywords { get; } =
    [
        new("polls?|polling", 6),
        new("vot(?:e|es|ing)|ballots?|referendum", 5),
        new("elections?", 3),
        new("options?|choices?", 1),
        new("which (?:is|one)|favou?rite", 1),
    ];

    public override TemplateBuild Build(PromptFacts prompt)
    {
        var question = Question(prompt);
        var options = Options(prompt);
        var title = prompt.CalledName() ?? PromptFacts.Title(question);
        return new TemplateBuild
        {
            Title = title,
            Lead = "Pick an option and see how everyone voted.",
            Description = $"a poll asking \"{question}\" with the options {string.Join(", ", options)} and live results",
            Parameters = new Dictionary<string, string>
            {
                ["title"] = title,
                ["question"] = question,
                ["options"] = string.Join(", ", options),
            },
            PageConfig = new { question, options },
            HandlerConfig = new { question, options },
        };
    }

    internal static string Question(PromptFacts prompt)
    {
        var quoted = prompt.QuotedExceptName.FirstOrDefault(q => q.Length <= 150);
        var question = quoted ?? prompt.Find(AboutPattern(), AskingPattern());
        if (question is null)
        {
            return DefaultQuestion;
        }

        question = PromptFacts.Clean(question);
        if (quoted is null)
        {
            question = LeadingThePattern().Replace(question, "");
        }

        question = PromptFacts.Capitalize(question.TrimEnd('.', ' ', ':'));
        if (question.Length > 150)
        {
            question = PromptFacts.Title(question, 150);
        }

        return question.EndsWith('?') ? question : question + "?";
    }

    internal static IReadOnlyList<string> Options(PromptFacts prompt)
    {
        var match = OptionsPattern().Match(prompt.Text);
        if (!match.Success)
        {
            match = BetweenPattern().Match(prompt.Text);
        }

        if (!match.Success)
        {
            match = ColonPattern().Match(prompt.Text);
        }

        if (!match.Success)
        {
            return DefaultOptions;
        }

        var quoted = QuotedPattern().Matches(prompt.Text[match.Index..]).Select(m => m.Groups["q"].Value.Trim()).ToList();
        var items = quoted.Count >= 2
            ? quoted.Where(q => q.Length is > 0 and <= 40).Distinct(StringComparer.OrdinalIgnoreCase).Take(10).ToList()
            : PromptFacts.SplitList(match.Groups["v"].Value, 10, 40, ItemPattern()).ToList();
        items = items.Select(PromptFacts.Capitalize).ToList();
        return items.Count >= 2 ? items : DefaultOptions;
    }

    [GeneratedRegex(@"\b(?:poll|vote|voting|survey|ballot)\s+(?:about|on|for|over|regarding)\s+(?<v>[^.;:!?""]{1,150}?)(?=\s+(?:with|options?|choices?|between|where)\b|[.;:!?""]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex AboutPattern();

    [GeneratedRegex(@"\bask(?:s|ing)?\s+(?:(?:people|users|visitors|everyone|the team|my friends)\s+)?(?<v>(?:what|which|who|how|should|do|does|is|are|can|would|will|where|when)\b[^.;:!?""]{1,150}?)(?=\s+(?:with|options?|choices?|between)\b|[.;:!?""]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex AskingPattern();

    [GeneratedRegex(@"\b(?:options?|choices?|answers?)\b\s*(?::|are|of|like|such as|including|=)?\s*(?<v>[^.;!?]{1,400})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex OptionsPattern();

    [GeneratedRegex(@"\bbetween\s+(?<v>[^.;!?]{1,400})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex BetweenPattern();

    [GeneratedRegex(@":\s*(?<v>[^.;!?:]{1,400})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ColonPattern();

    [GeneratedRegex("\"(?<q>[^\"]{1,200})\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"^(?:the|a|an)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex LeadingThePattern();

    [GeneratedRegex(@"^[^\p{C}]{1,40}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ItemPattern();
}
