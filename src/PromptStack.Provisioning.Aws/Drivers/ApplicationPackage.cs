using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PromptStack.Blueprints;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>What a deploy uploads: the frontend files plus config.js, and the handler zipped for Lambda.</summary>
public static class ApplicationPackage
{
    public const string ConfigFile = "config.js";

    public static Blueprint Read(string blueprintJson) =>
        JsonSerializer.Deserialize<Blueprint>(blueprintJson) ?? throw new InvalidOperationException("The project has no blueprint.");

    /// <summary>The site's files with <c>config.js</c> telling the page where its API is.</summary>
    public static IReadOnlyList<GeneratedFile> SiteFiles(Blueprint blueprint, string? apiUrl)
    {
        foreach (var file in blueprint.Files)
        {
            // Generated paths were validated when the blueprint was made; checked again because they become object keys.
            if (file.Path.Length == 0 || file.Path.Contains("..", StringComparison.Ordinal) || file.Path.StartsWith('/') || file.Path.Contains('\\', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Refusing to upload a file with the path '{file.Path}'.");
            }
        }

        var config = $"window.PROMPTSTACK_CONFIG = {JsonSerializer.Serialize(new { apiUrl = apiUrl ?? "" })};\n";
        return [.. blueprint.Files.Where(f => f.Path != ConfigFile), new GeneratedFile(ConfigFile, "application/javascript", config)];
    }

    /// <summary>A deterministic zip (fixed timestamps) holding index.mjs.</summary>
    public static byte[] HandlerZip(string handlerCode)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("index.mjs", CompressionLevel.Optimal);
            entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var stream = entry.Open();
            stream.Write(Encoding.UTF8.GetBytes(handlerCode));
        }

        return buffer.ToArray();
    }
}
