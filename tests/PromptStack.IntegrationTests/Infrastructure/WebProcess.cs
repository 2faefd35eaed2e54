using System.Diagnostics;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>Runs the server's own build output (<c>dotnet PromptStack.Web.dll ARGS</c>) as an operator would.</summary>
public static class WebProcess
{
    /// <summary>Runs with exactly <paramref name="environment"/> for the platform's settings (null removes a variable).</summary>
    public static async Task<(int Exit, string Output)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(WebDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The server's build output (bin/CONFIG/TFM of src/PromptStack.Web).</summary>
    public static string WebDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var root = testOutput;
        while (!File.Exists(Path.Combine(root.FullName, "PromptStack.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("PromptStack.slnx not found above " + AppContext.BaseDirectory);
        }

        var dll = Path.Combine(root.FullName, "src", "PromptStack.Web", "bin", configuration, framework, "PromptStack.Web.dll");
        Assert.True(File.Exists(dll), $"Build the solution first: {dll} is missing.");
        return dll;
    }
}
