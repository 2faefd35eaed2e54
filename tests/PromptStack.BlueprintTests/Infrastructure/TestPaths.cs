using System.Reflection;

namespace PromptStack.BlueprintTests.Infrastructure;

internal static class TestPaths
{
    /// <summary>The test project's source folder (baked in at build time), home of node/package.json.</summary>
    public static string ProjectDirectory { get; } =
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;

    public static string NodeDirectory => Path.Combine(ProjectDirectory, "node");
}
