using System.Text.Json;
using System.Text.RegularExpressions;
using PromptStack.Blueprints;
using PromptStack.BlueprintTests.Infrastructure;

namespace PromptStack.BlueprintTests;

/// <summary>Whatever a prompt contributes ends up as text or data in the generated files, never as markup or code.</summary>
public sealed partial class EscapingTests
{
    private const string Script = "</script><script>alert(1)</script>";

    public static TheoryData<string> HostilePrompts => new(
    [
        $"a todo list called {Script}",
        $"a poll \"{Script}\" with options \"<img src=x onerror=alert(1)>\", \"`${{alert(1)}}`\", \"'; alert(1); //\"",
        $"a landing page called \"<img src=x onerror=alert(1)>\" with sections <b>x</b>, about' onmouseover='alert(1) and contact",
        $"a bar chart of {Script} sales",
        $"a guestbook called {Script} with <img src=x onerror=alert(1)>, name and email fields",
        $"expense tracker with categories {Script}, it's \"quoted\", back\\slash and food",
        $"a notes board called \"--> <!-- {Script}\"",
        $"a url shortener named {Script}",
    ]);

    [Theory]
    [MemberData(nameof(HostilePrompts))]
    public void Generate_HostilePrompt_HtmlHasOnlyTheTemplatesOwnTagsAndNoHandlers(string prompt)
    {
        var blueprint = new OfflineBlueprintGenerator().Generate(prompt).Blueprint!;
        var html = blueprint.Files.Single(f => f.Path == "index.html").Content;

        var scripts = Regex.Count(html, "<script", RegexOptions.IgnoreCase);
        Assert.Equal(blueprint.HandlerCode is null ? 1 : 2, scripts);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        foreach (Match tag in TagPattern().Matches(html))
        {
            Assert.Contains(tag.Groups["name"].Value.ToLowerInvariant(), AllowedTags);
            Assert.DoesNotMatch(EventAttributePattern(), tag.Value);
        }
    }

    [Fact]
    public void Generate_ScriptInTitle_IsHtmlEncodedInTitleAndHeading()
    {
        var blueprint = new OfflineBlueprintGenerator().Generate($"a todo list called {Script}").Blueprint!;
        var html = blueprint.Files.Single(f => f.Path == "index.html").Content;

        Assert.Equal(Script, blueprint.Title);
        Assert.Contains("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ScriptInPollQuestionAndOptions_IsInertJsonDataInAppAndHandler()
    {
        var prompt = $"a poll \"{Script}\" with options \"<img src=x onerror=alert(1)>\", \"`${{alert(1)}}`\", \"'; alert(1); //\"";
        var blueprint = new OfflineBlueprintGenerator().Generate(prompt).Blueprint!;
        var app = blueprint.Files.Single(f => f.Path == "app.js").Content;

        var config = Literal(app, "const APP = ");
        Assert.Equal(Script + "?", config.GetProperty("question").GetString());
        Assert.Equal(["<img src=x onerror=alert(1)>", "`${alert(1)}`", "'; alert(1); //"], config.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        var handlerConfig = Literal(blueprint.HandlerCode!, "const CONFIG = ");
        Assert.Equal(Script + "?", handlerConfig.GetProperty("question").GetString());
        foreach (var code in new[] { app, blueprint.HandlerCode! })
        {
            Assert.DoesNotContain("</script", code, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", code, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("`${alert", code, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(HostilePrompts))]
    public async Task Generate_HostilePrompt_AppAndHandlerStillParseAsJavaScript(string prompt)
    {
        var blueprint = new OfflineBlueprintGenerator().Generate(prompt).Blueprint!;

        await NodeSyntax.AssertParsesAsync(blueprint);
    }

    [Fact]
    public void Generate_AnyTemplate_PageScriptsNeverUseInnerHtml()
    {
        foreach (var template in OfflineBlueprintGenerator.Catalog)
        {
            var blueprint = new OfflineBlueprintGenerator().Generate(template.Example).Blueprint!;
            var app = blueprint.Files.Single(f => f.Path == "app.js").Content;
            Assert.DoesNotContain("innerHTML", app, StringComparison.Ordinal);
            Assert.DoesNotContain("insertAdjacentHTML", app, StringComparison.Ordinal);
            Assert.DoesNotContain("document.write", app, StringComparison.Ordinal);
            Assert.DoesNotContain("eval(", app, StringComparison.Ordinal);
        }
    }

    /// <summary>The JSON literal assigned after <paramref name="marker"/> (up to the closing "};").</summary>
    private static JsonElement Literal(string code, string marker)
    {
        var start = code.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = code.IndexOf("\n};", start, StringComparison.Ordinal) + 2;
        return JsonDocument.Parse(code[start..end]).RootElement;
    }

    private static readonly HashSet<string> AllowedTags =
    [
        "!doctype", "html", "head", "meta", "title", "link", "body", "header", "h1", "h2", "p", "main", "section", "form", "label", "input",
        "button", "span", "ul", "div", "script", "footer", "nav", "a", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "fieldset",
        "select", "textarea",
    ];

    [GeneratedRegex(@"<(?<name>!?[a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventAttributePattern();
}
