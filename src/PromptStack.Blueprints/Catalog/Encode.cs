using System.Text;
using System.Text.Json;

namespace PromptStack.Blueprints.Catalog;

/// <summary>Escaping for everything a prompt contributes to generated files.</summary>
internal static class Encode
{
    // The default encoder escapes <, >, &, ', ", + and every non-ASCII character as \uXXXX, so the output is
    // inert inside a JS file, an inline script or an HTML attribute alike.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    public static string Html(string value)
    {
        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>A JavaScript literal (object, array or string) for <paramref name="value"/>.</summary>
    public static string Js(object value) => JsonSerializer.Serialize(value, JsonOptions);
}
