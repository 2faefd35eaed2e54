using System.Diagnostics;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>Installs a tool from npm once per machine (under the temp folder) for the tests that run it.</summary>
public static class NpmPackage
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <returns>The folder whose node_modules holds <paramref name="packageAtVersion"/>.</returns>
    public static async Task<string> InstallAsync(string packageAtVersion)
    {
        var folder = Path.Combine(Path.GetTempPath(), "promptstack-tests-npm", packageAtVersion.Replace('/', '_').Replace('@', '_'));
        var done = Path.Combine(folder, ".installed");
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(done))
            {
                return folder;
            }

            Directory.CreateDirectory(folder);
            var start = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "install", "--no-audit", "--no-fund", "--no-save", "--prefix", folder, packageAtVersion })
            {
                start.ArgumentList.Add(arg);
            }

            using var npm = Process.Start(start)!;
            var stdout = npm.StandardOutput.ReadToEndAsync();
            var stderr = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm install {packageAtVersion} failed ({npm.ExitCode}): {await stdout}{await stderr}");
            }

            await File.WriteAllTextAsync(done, packageAtVersion);
            return folder;
        }
        finally
        {
            Gate.Release();
        }
    }
}
