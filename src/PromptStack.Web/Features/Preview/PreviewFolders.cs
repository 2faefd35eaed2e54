using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// Where the preview keeps its SDK packages and handlers, and the file modes that let the sandbox user read them
/// (and only read them) while the platform's own data directory stays closed to it.
/// </summary>
public static class PreviewFolders
{
    // Not runner.mjs: hosts of older versions sharing PREVIEW_DIR (tests) rewrite that one.
    public const string RunnerFile = "sandbox-runner.mjs";
    public const string HandlerFile = "index.mjs";

    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Traversable = Private | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode ReadableFolder = Traversable | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ReadableFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// PREVIEW_DIR, else DATA_DIR's <c>preview</c> folder; when handlers drop root, a sibling <c>DATA_DIR-preview</c>
    /// instead, because DATA_DIR is then made private and the sandbox user could not reach anything inside it.
    /// </summary>
    public static string RootOf(IConfiguration configuration)
    {
        if (configuration["PREVIEW_DIR"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(PlatformOptions.DataDirectoryOf(configuration)));
        return HandlerSandbox.DropsPrivileges ? data + "-preview" : Path.Combine(data, "preview");
    }

    /// <summary>
    /// Closes DATA_DIR (database, JWT key) to every other user and checks that the sandbox user can reach the root;
    /// without root there is no other user to run handlers as, so only Node's permission model guards DATA_DIR.
    /// </summary>
    public static void Prepare(string root, string dataDirectory)
    {
        Directory.CreateDirectory(root);
        if (!HandlerSandbox.DropsPrivileges)
        {
            return;
        }

        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, Private);
        if ((root + "/").StartsWith(data + "/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"PREVIEW_DIR ({root}) must lie outside DATA_DIR ({data}): handlers run as another user and DATA_DIR is private.");
        }

        for (var folder = Path.GetDirectoryName(root); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if ((File.GetUnixFileMode(folder) & UnixFileMode.OtherExecute) == 0)
            {
                throw new InvalidOperationException($"The sandbox user cannot pass through {folder} to reach PREVIEW_DIR ({root}); choose another PREVIEW_DIR.");
            }
        }

        File.SetUnixFileMode(root, ReadableFolder);
    }

    /// <summary>Makes every folder and file below <paramref name="folder"/> readable by others and writable only by the owner.</summary>
    public static void MakeReadOnlyForOthers(string folder)
    {
        if (!HandlerSandbox.DropsPrivileges)
        {
            return;
        }

        File.SetUnixFileMode(folder, ReadableFolder);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            // Links (node_modules/.bin) point inside the tree, whose targets get their own mode.
            if (entry.LinkTarget is null)
            {
                entry.UnixFileMode = entry is DirectoryInfo ? ReadableFolder : ReadableFile | (entry.UnixFileMode & UnixFileMode.UserExecute);
            }
        }
    }

    /// <summary>One file readable by others whatever the server's umask; writable only by the owner.</summary>
    public static void MakeReadableByOthers(string file)
    {
        if (HandlerSandbox.DropsPrivileges)
        {
            File.SetUnixFileMode(file, ReadableFile);
        }
    }

    /// <summary>
    /// The folder holding every project's handlers can be passed through but not listed, so one handler cannot
    /// discover another tenant's project id even outside Node's permission model.
    /// </summary>
    public static void MakeUnlistable(string folder)
    {
        if (HandlerSandbox.DropsPrivileges)
        {
            File.SetUnixFileMode(folder, Traversable);
        }
    }
}
