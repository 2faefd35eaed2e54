using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PromptStack.Provisioning.Aws;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// Runs deployed Lambda handlers with Node.js against the emulator, as the Lambda runtime would: the same AWS SDK
/// for JavaScript v3 packages (installed once from npm), one sandboxed process per invocation under the function's
/// timeout and memory (see <see cref="HandlerSandbox"/> and <see cref="SandboxLimits"/>).
/// </summary>
public sealed class PreviewRuntime(AwsSettings aws, IConfiguration configuration, ILogger<PreviewRuntime> logger) : IDisposable
{
    private static readonly string[] Packages = ["@aws-sdk/client-dynamodb@3", "@aws-sdk/lib-dynamodb@3"];

    // One install at a time in this process; across processes the lock file in EnsureInstalledAsync.
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private bool installed;
    private string node = "node";

    public SandboxLimits Limits { get; } = SandboxLimits.From(configuration);

    /// <summary>What the handlers printed, per project.</summary>
    public FunctionLogs Logs { get; } = new();

    private readonly SemaphoreSlim slots = new(SandboxLimits.From(configuration).MaxConcurrent);

    public string Root { get; } = PreviewFolders.RootOf(configuration);

    /// <summary>Installs the SDK packages once; later calls return at once.</summary>
    public async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (installed)
        {
            return;
        }

        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            // Calls that queued behind the first install find it done.
            if (installed)
            {
                return;
            }

            PreviewFolders.Prepare(Root, PlatformOptions.DataDirectoryOf(configuration));
            node = HandlerSandbox.FindExecutable("node");
            var runner = Path.Combine(Root, PreviewFolders.RunnerFile);
            if (!File.Exists(runner) || await File.ReadAllTextAsync(runner, cancellationToken) != HandlerRunner.Script)
            {
                await WriteAtomicallyAsync(runner, HandlerRunner.Script, cancellationToken);
            }

            PreviewFolders.MakeReadableByOthers(runner);

            // Several processes may share the folder (instances on one machine, the tests' servers): one installs at a
            // time, under a lock file that the system releases even if its holder dies. Two npm installs at once left a
            // package without its manifest, which no check of the top-level packages saw. A tree counts as installed only
            // once the marker written after npm succeeded names these packages; anything else is installed afresh.
            await using var installLock = await LockFile.AcquireAsync(Path.Combine(Root, ".install.lock"), cancellationToken);
            var marker = Path.Combine(Root, ".installed");
            var wanted = string.Join(' ', Packages);
            if (!File.Exists(marker) || await File.ReadAllTextAsync(marker, cancellationToken) != wanted)
            {
                logger.LogInformation("Installing the AWS SDK for JavaScript for local previews (once).");
                if (Directory.Exists(Path.Combine(Root, "node_modules")))
                {
                    Directory.Delete(Path.Combine(Root, "node_modules"), recursive: true);
                }

                File.Delete(Path.Combine(Root, "package-lock.json"));
                await File.WriteAllTextAsync(Path.Combine(Root, "package.json"), """{ "name": "promptstack-preview", "private": true, "type": "module" }""", cancellationToken);
                var npm = new ProcessStartInfo(HandlerSandbox.FindExecutable("npm"))
                {
                    WorkingDirectory = Root, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                };
                foreach (var argument in (string[])["install", "--no-audit", "--no-fund", "--loglevel=error", .. Packages])
                {
                    npm.ArgumentList.Add(argument);
                }

                var run = await SandboxProcess.RunAsync(npm, [], TimeSpan.FromMinutes(5), long.MaxValue, 1024 * 1024, 64 * 1024, cancellationToken);
                if (run.Exit != SandboxExit.Exited || run.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm install of the preview packages failed ({run.Exit}, {run.ExitCode}): {run.Errors}");
                }

                await File.WriteAllTextAsync(marker, wanted, cancellationToken);
            }

            PreviewFolders.MakeReadOnlyForOthers(Path.Combine(Root, "node_modules"));
            installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    public async Task<FunctionResult> InvokeAsync(
        Guid projectId, int version, string handlerCode, IReadOnlyDictionary<string, string> variables, string eventJson, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        if (!await slots.WaitAsync(Limits.QueueWait, cancellationToken))
        {
            return FunctionResult.Failed(FunctionFailure.Throttled);
        }

        try
        {
            var folder = await HandlerFolderAsync(projectId, version, handlerCode, cancellationToken);
            var environment = new Dictionary<string, string>(variables)
            {
                ["AWS_REGION"] = aws.Region,
                ["AWS_DEFAULT_REGION"] = aws.Region,
                ["AWS_ACCESS_KEY_ID"] = "test",
                ["AWS_SECRET_ACCESS_KEY"] = "test",
                ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = Limits.MemoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
                ["AWS_EXECUTION_ENV"] = "AWS_Lambda_nodejs20.x",
            };
            if (aws.EndpointUrl is { } endpoint)
            {
                environment["AWS_ENDPOINT_URL"] = endpoint;
            }

            var start = HandlerSandbox.StartInfo(node, Root, folder, environment, Limits);
            var run = await SandboxProcess.RunAsync(
                start, Encoding.UTF8.GetBytes(eventJson), Limits.Timeout, Limits.MaxResidentBytes,
                SandboxLimits.MaxResponseBytes + HandlerRunner.Marker.Length, Limits.MaxLogBytes, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return Outcome(projectId, run);
        }
        finally
        {
            slots.Release();
        }
    }

    private FunctionResult Outcome(Guid projectId, SandboxRun run)
    {
        var output = Encoding.UTF8.GetString(run.Output);
        var marker = output.LastIndexOf(HandlerRunner.Marker, StringComparison.Ordinal);
        Logs.Append(projectId, run.Errors + (marker > 0 ? output[..marker] : marker < 0 ? output : ""));
        var failure = run.Exit switch
        {
            SandboxExit.TimedOut => FunctionFailure.TimedOut,
            SandboxExit.OutOfMemory => FunctionFailure.OutOfMemory,
            SandboxExit.OutputTooLarge => FunctionFailure.ResponseTooLarge,
            _ when run.ExitCode != 0 && run.Errors.Contains("heap out of memory", StringComparison.Ordinal) => FunctionFailure.OutOfMemory,
            _ when run.ExitCode != 0 => FunctionFailure.Crashed,
            _ when marker < 0 => FunctionFailure.NoResponse,
            _ => FunctionFailure.None,
        };
        if (failure == FunctionFailure.None)
        {
            try
            {
                return new FunctionResult(FunctionFailure.None, JsonDocument.Parse(output[(marker + HandlerRunner.Marker.Length)..]).RootElement.Clone());
            }
            catch (JsonException)
            {
                failure = FunctionFailure.InvalidResponse;
            }
        }

        var line = $"[preview] invocation failed: {failure} (exit code {run.ExitCode})";
        Logs.Append(projectId, line);
        // The event and the answer may hold the app's users' data: the server log gets only the verdict.
        logger.LogWarning("Preview handler of project {ProjectId} failed: {Failure} (exit code {ExitCode})", projectId, failure, run.ExitCode);
        return FunctionResult.Failed(failure);
    }

    /// <summary>The handler's own folder, written once per version; the atomic write keeps concurrent first calls from reading half a file.</summary>
    private async Task<string> HandlerFolderAsync(Guid projectId, int version, string handlerCode, CancellationToken cancellationToken)
    {
        var projects = Path.Combine(Root, "projects");
        var folder = Path.Combine(projects, projectId.ToString("N"), $"v{version}");
        var handlerFile = Path.Combine(folder, PreviewFolders.HandlerFile);
        if (!File.Exists(handlerFile))
        {
            Directory.CreateDirectory(folder);
            PreviewFolders.MakeUnlistable(projects);
            PreviewFolders.MakeUnlistable(Path.GetDirectoryName(folder)!);
            await WriteAtomicallyAsync(handlerFile, handlerCode, cancellationToken);
            PreviewFolders.MakeReadOnlyForOthers(folder);
        }

        return folder;
    }

    public void Dispose() => slots.Dispose();

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, text, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
