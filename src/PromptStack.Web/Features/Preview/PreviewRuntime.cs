using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PromptStack.Provisioning.Aws;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// Runs deployed Lambda handlers with Node.js against the emulator, as the Lambda runtime would:
/// the same AWS SDK for JavaScript v3 packages (installed once from npm under the data directory),
/// the table name in TABLE_NAME, one process per invocation with the function's 10-second timeout.
/// </summary>
public sealed class PreviewRuntime(AwsSettings aws, IConfiguration configuration, ILogger<PreviewRuntime> logger)
{
    private static readonly string[] Packages = ["@aws-sdk/client-dynamodb@3", "@aws-sdk/lib-dynamodb@3"];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // Reads the event from stdin, calls the handler, prints the result as one JSON line.
    private const string Runner = """
        import { pathToFileURL } from 'node:url';
        const chunks = [];
        for await (const chunk of process.stdin) chunks.push(chunk);
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const { handler } = await import(pathToFileURL(process.argv[2]).href);
        const result = await handler(event, { functionName: 'preview', awsRequestId: event.requestContext.requestId });
        process.stdout.write('\n@@result@@' + JSON.stringify(result ?? null));
        """;

    // One install at a time per process: several hosts (tests) may share the folder.
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private bool installed;

    /// <summary>PREVIEW_DIR, by default the data directory's <c>preview</c> folder: node_modules and the handlers run from there.</summary>
    private string Root => Path.GetFullPath(configuration["PREVIEW_DIR"] ?? Path.Combine(PlatformOptions.DataDirectoryOf(configuration), "preview"));

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
            Directory.CreateDirectory(Root);
            await File.WriteAllTextAsync(Path.Combine(Root, "runner.mjs"), Runner, cancellationToken);
            if (!Directory.Exists(Path.Combine(Root, "node_modules", "@aws-sdk", "lib-dynamodb")))
            {
                logger.LogInformation("Installing the AWS SDK for JavaScript for local previews (once).");
                await File.WriteAllTextAsync(Path.Combine(Root, "package.json"), """{ "name": "promptstack-preview", "private": true, "type": "module" }""", cancellationToken);
                var (code, _, output) = await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", .. Packages], null, Root, [], TimeSpan.FromMinutes(5), cancellationToken);
                if (code != 0)
                {
                    throw new InvalidOperationException($"npm install of the preview packages failed: {output}");
                }
            }

            installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    public async Task<JsonElement?> InvokeAsync(Guid projectId, int version, string handlerCode, string tableName, string eventJson, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        var folder = Path.Combine(Root, "projects", projectId.ToString("N"), $"v{version}");
        var handlerFile = Path.Combine(folder, "index.mjs");
        if (!File.Exists(handlerFile))
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(handlerFile, handlerCode, cancellationToken);
        }

        var environment = new Dictionary<string, string>
        {
            ["TABLE_NAME"] = tableName,
            ["AWS_REGION"] = aws.Region,
            ["AWS_ENDPOINT_URL"] = aws.EndpointUrl ?? "",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
        };
        var (code, output, errors) = await RunAsync("node", [Path.Combine(Root, "runner.mjs"), handlerFile], eventJson, folder, environment, Timeout, cancellationToken);
        var marker = output.LastIndexOf("\n@@result@@", StringComparison.Ordinal);
        if (code != 0 || marker < 0)
        {
            logger.LogWarning("Preview handler of project {ProjectId} failed: {Output}", projectId, output + errors);
            return null;
        }

        return JsonDocument.Parse(output[(marker + "\n@@result@@".Length)..]).RootElement.Clone();
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(
        string file, string[] arguments, string? input, string workingDirectory, Dictionary<string, string> environment,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(new StringBuilder(input ?? ""), cancellationToken);
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", $"timed out after {timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

}
