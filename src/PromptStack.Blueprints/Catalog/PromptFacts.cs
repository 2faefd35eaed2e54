using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PromptStack.Blueprints.Catalog;

/// <summary>
/// A prompt cleaned up for reading: <see cref="Text"/> keeps the user's words (quotes and dashes normalised,
/// control characters dropped, whitespace collapsed); <see cref="Lower"/> is the lower-case form keywords are matched on.
/// </summary>
internal sealed partial class PromptFacts
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(2000);

    public PromptFacts(string prompt)
    {
        Text = Clean(prompt);
        var lower = Text.ToLowerInvariant();
        lower = ToDoPattern().Replace(lower, "todo");
        lower = lower.Replace("e-mail", "email", StringComparison.Ordinal).Replace("guest book", "guestbook", StringComparison.Ordinal);
        Lower = lower;
    }

    public string Text { get; }

    public string Lower { get; }

    /// <summary>Strings the user put in double quotes, in order.</summary>
    public IReadOnlyList<string> Quoted => QuotedPattern().Matches(Text).Select(m => m.Groups["q"].Value.Trim()).Where(q => q.Length > 0).ToList();

    /// <summary>Quoted strings other than the app's name ("called \"X\"").</summary>
    public IReadOnlyList<string> QuotedExceptName
    {
        get
        {
            var name = CalledQuotedPattern().Match(Text);
            return QuotedPattern().Matches(Text)
                .Where(m => !name.Success || m.Index != name.Groups["v"].Index - 1)
                .Select(m => m.Groups["q"].Value.Trim())
                .Where(q => q.Length > 0)
                .ToList();
        }
    }

    public bool Has(string pattern) => Regex.IsMatch(Lower, $@"\b(?:{pattern})\b", RegexOptions.CultureInvariant, Timeout);

    /// <summary>The first named group <c>v</c> of the first pattern that matches <see cref="Text"/>, trimmed.</summary>
    public string? Find(params Regex[] patterns)
    {
        foreach (var pattern in patterns)
        {
            var match = pattern.Match(Text);
            if (match.Success && match.Groups["v"].Value.Trim() is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The name the user gave the app ("called Sweet Crumbs", "named \"Pizza Night\"").</summary>
    public string? CalledName()
    {
        var name = Find(CalledQuotedPattern(), CalledPattern());
        if (name is null)
        {
            return null;
        }

        name = name.Trim().Trim('\'', '"').Trim();
        return name.Length == 0 ? null : Title(name.Any(char.IsUpper) ? name : TitleCase(name));
    }

    /// <summary>Removes control characters, normalises quotes and dashes, collapses whitespace.</summary>
    public static string Clean(string value)
    {
        var builder = new StringBuilder(value.Length);
        var lastWasSpace = false;
        foreach (var c in value)
        {
            var ch = c switch
            {
                '\u201C' or '\u201D' or '\u201E' or '\u00AB' or '\u00BB' => '"',
                '\u2018' or '\u2019' or '\u201A' => '\'',
                '\u2013' or '\u2014' => '-',
                _ => c,
            };
            if (char.IsWhiteSpace(ch) || char.IsControl(ch) || char.GetUnicodeCategory(ch) == UnicodeCategory.Format)
            {
                if (!lastWasSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            builder.Append(ch);
            lastWasSpace = false;
        }

        return builder.ToString().Trim();
    }

    /// <summary>A title: cleaned, at most 60 characters, cut at a word boundary.</summary>
    public static string Title(string value, int max = 60)
    {
        value = Clean(value);
        if (value.Length <= max)
        {
            return value;
        }

        var cut = value.LastIndexOf(' ', max);
        return (cut > max / 2 ? value[..cut] : value[..max]).TrimEnd(',', ';', ':', '-', ' ');
    }

    private static readonly HashSet<string> SmallWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "per", "the", "to", "vs", "with",
    };

    /// <summary>"monthly sales by region" becomes "Monthly Sales by Region"; words typed with capitals are kept.</summary>
    public static string TitleCase(string value)
    {
        var words = Clean(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word.Any(char.IsUpper) || (i > 0 && SmallWords.Contains(word)))
            {
                continue;
            }

            words[i] = Capitalize(word);
        }

        return string.Join(' ', words);
    }

    /// <summary>Upper-cases the first character when it is a lower-case letter ("best pizza?" becomes "Best pizza?").</summary>
    public static string Capitalize(string value) =>
        value.Length > 0 && char.IsLower(value[0]) ? char.ToUpperInvariant(value[0]) + value[1..] : value;

    private static readonly HashSet<string> Fillers = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "my", "our", "your", "their", "his", "her", "its", "some", "any", "all", "few", "simple", "small",
        "little", "nice", "basic", "quick", "tiny", "cool", "new", "live", "interactive", "online", "web", "i", "we", "me",
        "want", "need", "make", "build", "create", "please", "of", "for", "to", "with",
    };

    /// <summary>Drops filler words ("a", "my", "simple"...) from the start of a phrase.</summary>
    public static string TrimFillers(string phrase)
    {
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 0 && Fillers.Contains(words[0]))
        {
            words.RemoveAt(0);
        }

        return string.Join(' ', words);
    }

    /// <summary>Cuts a phrase where a new clause starts ("... that", "... with", "... so that").</summary>
    public static string CutClause(string phrase)
    {
        var match = ClauseBreakPattern().Match(phrase);
        return (match.Success ? phrase[..match.Index] : phrase).Trim();
    }

    /// <summary>
    /// Splits "name, email and a rating" into ["name", "email", "rating"]: items are cut at the end of the clause,
    /// stripped of articles and quotes, checked against <paramref name="itemPattern"/>, deduplicated.
    /// </summary>
    public static IReadOnlyList<string> SplitList(string raw, int maxItems, int maxLength, Regex itemPattern)
    {
        var items = new List<string>();
        foreach (var part in ListSeparatorPattern().Split(CutClause(raw)))
        {
            var item = LeadingArticlePattern().Replace(part.Trim().Trim('"', '\'', '(', ')', '[', ']', '.', '!', '?', ' '), "").Trim();
            if (item.Length == 0 || item.Length > maxLength || !itemPattern.IsMatch(item) ||
                items.Any(i => string.Equals(i, item, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            items.Add(item);
            if (items.Count == maxItems)
            {
                break;
            }
        }

        return items;
    }

    /// <summary>Crude singular for labels: "months" becomes "month", "categories" becomes "category".</summary>
    public static string Singular(string word)
    {
        if (word.EndsWith("ies", StringComparison.OrdinalIgnoreCase) && word.Length > 4)
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.OrdinalIgnoreCase) && word.Length > 3)
        {
            return word[..^1];
        }

        return word;
    }

    [GeneratedRegex(@"\bto[- ]do(?=s?\b)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ToDoPattern();

    [GeneratedRegex("\"(?<q>[^\"]{1,200})\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex QuotedPattern();

    [GeneratedRegex("\\b(?:called|named|titled|name it)\\s+\"(?<v>[^\"]{1,80})\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex CalledQuotedPattern();

    [GeneratedRegex(@"\b(?:called|named|titled|name it)\s+(?<v>[^,.;:!?""]{1,60}?)(?=\s+(?:with|that|which|where|for|to|and|using|showing|where|so|in|on|about|listing|tracking)\b|[,.;:!?""]|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex CalledPattern();

    [GeneratedRegex(@"[.;!?]|\s(?:that|which|where|so|so that|to|for|with|in|on|using|please|then|plus|as|where|when|because|called|named)\s|\s(?:i|we|you|they|people|users|visitors|anyone|everyone)\s(?:can|could|will|would|should|may|might|want|need|have|get)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ClauseBreakPattern();

    [GeneratedRegex(@"\s*(?:,|;|/|&|\+|\band\b|\bor\b)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ListSeparatorPattern();

    [GeneratedRegex(@"^(?:(?:a|an|the|their|your|my|our|his|her|some|also|then)\s+)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex LeadingArticlePattern();
}
