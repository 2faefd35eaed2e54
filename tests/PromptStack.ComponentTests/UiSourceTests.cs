namespace PromptStack.ComponentTests;

/// <summary>The browser holds no credential the UI's code could read or write: the session is an HttpOnly cookie.</summary>
public sealed class UiSourceTests
{
    [Fact]
    public void UiCode_NeverHandlesATokenOrBrowserStorage()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "PromptStack.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
        }

        var components = Path.Combine(root, "src", "PromptStack.Web", "Components");
        var files = Directory.EnumerateFiles(components, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        string[] forbidden = ["localStorage", "sessionStorage", "AccessToken", "RefreshToken", "Bearer", "access_token", "document.cookie"];
        var found = files.SelectMany(f => forbidden.Where(word => File.ReadAllText(f).Contains(word, StringComparison.Ordinal))
            .Select(word => $"{Path.GetRelativePath(components, f)}: {word}")).ToList();
        Assert.Empty(found);
    }
}
