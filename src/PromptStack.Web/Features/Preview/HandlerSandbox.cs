using System.Diagnostics;
using System.Runtime.Versioning;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// How a handler process starts: an empty environment plus what a Lambda has, Node's permission model reading only
/// its own folder, the runner and the SDK, and, when the server is root, an unprivileged user with no way back up.
/// </summary>
public static class HandlerSandbox
{
    /// <summary>nobody/nogroup: owns nothing, so with files root-owned and not world-writable it can only read them.</summary>
    public const int SandboxUserId = 65534;

    /// <summary>Whether handlers must drop root first (they then run as <see cref="SandboxUserId"/>); setpriv is Linux's.</summary>
    [SupportedOSPlatformGuard("linux")]
    public static bool DropsPrivileges => OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess;

    public static ProcessStartInfo StartInfo(
        string node, string root, string folder, IReadOnlyDictionary<string, string> lambdaEnvironment, SandboxLimits limits)
    {
        var start = new ProcessStartInfo(DropsPrivileges ? FindExecutable("setpriv") : node)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (DropsPrivileges)
        {
            // setpriv execs node in place (same pid, so killing the tree still works); no-new-privs keeps a setuid
            // binary from handing root back, and the capability sets go empty with the uid change.
            foreach (var argument in new[] { $"--reuid={SandboxUserId}", $"--regid={SandboxUserId}", "--clear-groups", "--no-new-privs", "--", node })
            {
                start.ArgumentList.Add(argument);
            }
        }

        // Trailing slashes grant a folder and everything below it, and nothing beside it (v1/ does not grant v10/).
        foreach (var argument in new[]
        {
            "--experimental-permission",
            $"--allow-fs-read={Path.Combine(root, PreviewFolders.RunnerFile)}",
            $"--allow-fs-read={Path.Combine(root, "node_modules")}/",
            $"--allow-fs-read={folder}/",
            $"--max-old-space-size={limits.MemoryMb}",
            "--disable-warning=ExperimentalWarning",
            Path.Combine(root, PreviewFolders.RunnerFile),
            Path.Combine(folder, PreviewFolders.HandlerFile),
            ((int)limits.Timeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of the server's (secrets, database path, NODE_OPTIONS that could undo the flags above).
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = folder;
        start.Environment["TZ"] = "UTC";
        start.Environment["LANG"] = "C.UTF-8";
        foreach (var (key, value) in lambdaEnvironment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Resolves a program on the server's PATH once, so the child's minimal PATH never decides what runs.</summary>
    public static string FindExecutable(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"'{name}' is not on the PATH; the local preview needs it to run handlers.");
    }
}
