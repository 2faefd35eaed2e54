using System.Collections.Concurrent;

namespace PromptStack.Blueprints.Catalog;

/// <summary>The HTML, CSS and JavaScript building blocks embedded in this assembly (folder Assets/).</summary>
internal static class Assets
{
    private static readonly ConcurrentDictionary<string, string?> Cache = new(StringComparer.Ordinal);

    public static string Read(string name) =>
        TryRead(name) ?? throw new InvalidOperationException($"Embedded asset '{name}' is missing.");

    public static string? TryRead(string name) => Cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream(n);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    });

    /// <summary>Replaces <c>{{name}}</c> markers in one pass, so replacement text is never scanned for markers again.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var result = new System.Text.StringBuilder(template.Length + 256);
        var i = 0;
        while (i < template.Length)
        {
            var start = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            var end = template.IndexOf("}}", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            var key = template[(start + 2)..end];
            if (!values.TryGetValue(key, out var value))
            {
                throw new InvalidOperationException($"No value for marker '{key}'.");
            }

            result.Append(template, i, start - i).Append(value);
            i = end + 2;
        }

        return result.Append(template, i, template.Length - i).ToString();
    }
}
