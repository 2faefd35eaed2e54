using System.Text.RegularExpressions;

namespace PromptStack.Blueprints.Catalog;

/// <summary>A word or phrase that votes for a template, with its weight. Matched on whole words of the lower-cased prompt.</summary>
internal sealed class Keyword(string pattern, int weight)
{
    private readonly Regex regex = new($@"\b(?:{pattern})\b", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    public int Weight { get; } = weight;

    public string? Match(string lowerPrompt)
    {
        var match = regex.Match(lowerPrompt);
        return match.Success ? match.Value : null;
    }
}

/// <summary>What a template reads from a prompt and puts into the app.</summary>
internal sealed record TemplateBuild
{
    public required string Title { get; init; }

    /// <summary>One line under the page title (plain text; encoded when written).</summary>
    public required string Lead { get; init; }

    /// <summary>The template-specific sentence of the blueprint summary.</summary>
    public required string Description { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Serialised into app.js as <c>APP</c>; null for pages without script settings.</summary>
    public object? PageConfig { get; init; }

    /// <summary>Serialised into index.mjs as <c>CONFIG</c>; null for static templates.</summary>
    public object? HandlerConfig { get; init; }

    /// <summary>Page body HTML (already encoded); null to use the template's embedded fragment.</summary>
    public string? BodyHtml { get; init; }
}

/// <summary>One app of the offline catalog: keywords that select it and the code that parameterises it from the prompt.</summary>
internal abstract class AppTemplate
{
    public abstract string Name { get; }

    /// <summary>What the app does, for the refusal message and the UI.</summary>
    public abstract string Description { get; }

    public abstract string Example { get; }

    public abstract IReadOnlyList<Keyword> Keywords { get; }

    /// <summary>True when the app is only a website: no function, table or API.</summary>
    public virtual bool IsStatic => false;

    public abstract TemplateBuild Build(PromptFacts prompt);
}
