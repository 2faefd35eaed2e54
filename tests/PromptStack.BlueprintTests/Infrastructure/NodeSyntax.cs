using PromptStack.Blueprints;

namespace PromptStack.BlueprintTests.Infrastructure;

/// <summary>Checks generated JavaScript with <c>node --check</c> (parse only, nothing runs).</summary>
internal static class NodeSyntax
{
    public static async Task AssertParsesAsync(Blueprint blueprint)
    {
        var directory = Directory.CreateTempSubdirectory("psbt-syntax-").FullName;
        try
        {
            var files = new List<string>();
            foreach (var file in blueprint.Files.Where(f => f.Path.EndsWith(".js", StringComparison.Ordinal)))
            {
                // .cjs: page scripts are classic scripts, not modules.
                var path = Path.Combine(directory, Path.ChangeExtension(file.Path, ".cjs"));
                await File.WriteAllTextAsync(path, file.Content);
                files.Add(path);
            }

            if (blueprint.HandlerCode is not null)
            {
                var path = Path.Combine(directory, "index.mjs");
                await File.WriteAllTextAsync(path, blueprint.HandlerCode);
                files.Add(path);
            }

            foreach (var path in files)
            {
                var (exitCode, output) = await ProcessRunner.RunAsync("node", ["--check", path], directory, TimeSpan.FromSeconds(30));
                Assert.True(exitCode == 0, $"{Path.GetFileName(path)} of {blueprint.Template} does not parse:\n{output}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
