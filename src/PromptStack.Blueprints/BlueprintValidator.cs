using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PromptStack.Blueprints;

/// <summary>
/// Checks a blueprint that came from somewhere untrusted (a language model) before anything is deployed from it:
/// only the five resource kinds with their logical names, a consistent stack, safe file names, allowed content types,
/// size limits, no resources loaded from other sites.
/// </summary>
public static partial class BlueprintValidator
{
    public const int MaxFiles = 20;
    public const int MaxFileBytes = 200 * 1024;
    public const int MaxTotalFileBytes = 1024 * 1024;
    public const int MaxHandlerBytes = 256 * 1024;
    public const int MaxTitleLength = 80;
    public const int MaxSummaryLength = 2000;
    public const int MaxParameters = 30;

    /// <summary>The only logical name each resource kind may have.</summary>
    public static IReadOnlyDictionary<string, string> ResourceNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ResourceKinds.IamRole] = "role",
        [ResourceKinds.DynamoDbTable] = "data",
        [ResourceKinds.S3Bucket] = "site",
        [ResourceKinds.LambdaFunction] = "api",
        [ResourceKinds.HttpApi] = "http",
    };

    public static IReadOnlyList<string> AllowedContentTypes { get; } =
        ["text/html", "text/css", "application/javascript", "text/javascript", "application/json", "image/svg+xml", "text/plain"];

    /// <summary>Written by deploy with the API address; a blueprint must not bring its own.</summary>
    public const string ReservedFileName = "config.js";

    /// <summary>Problems found, in a stable order; empty when the blueprint may be deployed.</summary>
    public static IReadOnlyList<string> Validate(Blueprint blueprint)
    {
        var problems = new List<string>();
        CheckText(blueprint, problems);
        CheckResources(blueprint.Resources ?? [], problems);
        CheckHandler(blueprint, problems);
        CheckFiles(blueprint, problems);
        CheckParameters(blueprint.Parameters, problems);
        return problems;
    }

    public static bool IsAllowedFileName(string? name) =>
        name is not null && FileNamePattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    public static bool IsAllowedContentType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var parts = contentType.Split(';', 2);
        var media = parts[0].Trim().ToLowerInvariant();
        if (!AllowedContentTypes.Contains(media))
        {
            return false;
        }

        return parts.Length == 1 || parts[1].Trim().Equals("charset=utf-8", StringComparison.OrdinalIgnoreCase);
    }

    private static void CheckText(Blueprint blueprint, List<string> problems)
    {
        if (blueprint.Template is null || !TemplateNamePattern().IsMatch(blueprint.Template))
        {
            problems.Add($"template name {Show(blueprint.Template)} is not allowed (lower-case letters, digits and dashes, at most 40)");
        }

        if (string.IsNullOrWhiteSpace(blueprint.Title) || blueprint.Title.Length > MaxTitleLength || blueprint.Title.Any(char.IsControl))
        {
            problems.Add($"the title must be 1 to {MaxTitleLength} characters without control characters");
        }

        if (string.IsNullOrWhiteSpace(blueprint.Summary) || blueprint.Summary.Length > MaxSummaryLength)
        {
            problems.Add($"the summary must be 1 to {MaxSummaryLength} characters");
        }
    }

    private static void CheckResources(IReadOnlyList<BlueprintResource> resources, List<string> problems)
    {
        if (resources.Count == 0)
        {
            problems.Add("the blueprint has no resources");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            if (resource?.Kind is null || !ResourceNames.TryGetValue(resource.Kind, out var expectedName))
            {
                problems.Add($"resource kind {Show(resource?.Kind)} is not allowed");
                continue;
            }

            if (!seen.Add(resource.Kind))
            {
                problems.Add($"resource kind '{resource.Kind}' appears more than once");
            }

            if (resource.Name != expectedName)
            {
                problems.Add($"the {resource.Kind} must be named '{expectedName}', not {Show(resource.Name)}");
            }

            if (resource.Description is { Length: > 200 })
            {
                problems.Add($"the description of the {resource.Kind} is longer than 200 characters");
            }
        }

        bool Has(string kind) => seen.Contains(kind);
        if (!Has(ResourceKinds.S3Bucket))
        {
            problems.Add("every app needs the s3-bucket 'site' for its website");
        }

        if (Has(ResourceKinds.LambdaFunction))
        {
            if (!Has(ResourceKinds.IamRole))
            {
                problems.Add("a lambda-function needs the iam-role 'role'");
            }

            if (!Has(ResourceKinds.DynamoDbTable))
            {
                problems.Add("a lambda-function needs the dynamodb-table 'data'");
            }

            if (!Has(ResourceKinds.HttpApi))
            {
                problems.Add("a lambda-function needs the http-api 'http' to be reachable");
            }
        }
        else
        {
            foreach (var kind in new[] { ResourceKinds.IamRole, ResourceKinds.DynamoDbTable, ResourceKinds.HttpApi })
            {
                if (Has(kind))
                {
                    problems.Add($"a {kind} is only allowed together with the lambda-function 'api'");
                }
            }
        }
    }

    private static void CheckHandler(Blueprint blueprint, List<string> problems)
    {
        var hasFunction = blueprint.Resources?.Any(r => r?.Kind == ResourceKinds.LambdaFunction) == true;
        var code = blueprint.HandlerCode;
        if (!hasFunction)
        {
            if (!string.IsNullOrEmpty(code))
            {
                problems.Add("handler code was given but there is no lambda-function");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            problems.Add("the lambda-function has no handler code");
            return;
        }

        var bytes = Encoding.UTF8.GetByteCount(code);
        if (bytes > MaxHandlerBytes)
        {
            problems.Add($"the handler code is {Kb(bytes)}, more than {Kb(MaxHandlerBytes)}");
        }

        if (!HandlerExportPattern().IsMatch(code))
        {
            problems.Add("the handler code does not export 'handler'");
        }

        if (LoadsRemote(code))
        {
            problems.Add("the handler code imports a module from the network");
        }
    }

    private static void CheckFiles(Blueprint blueprint, List<string> problems)
    {
        var files = blueprint.Files ?? [];
        var hasBucket = blueprint.Resources?.Any(r => r?.Kind == ResourceKinds.S3Bucket) == true;
        if (!hasBucket)
        {
            if (files.Count > 0)
            {
                problems.Add("files were given but there is no s3-bucket");
            }

            return;
        }

        if (files.Count > MaxFiles)
        {
            problems.Add($"{files.Count} files is more than {MaxFiles}");
            return;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var file in files)
        {
            if (file is null)
            {
                problems.Add("a file is empty");
                continue;
            }

            if (!IsAllowedFileName(file.Path))
            {
                problems.Add($"file name {Show(file.Path)} is not allowed");
                continue;
            }

            if (file.Path.Equals(ReservedFileName, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"file name '{ReservedFileName}' is reserved: deploy writes it");
                continue;
            }

            if (!names.Add(file.Path))
            {
                problems.Add($"file '{file.Path}' appears more than once");
            }

            if (!IsAllowedContentType(file.ContentType))
            {
                problems.Add($"content type {Show(file.ContentType)} of '{file.Path}' is not allowed");
            }

            var content = file.Content ?? "";
            var bytes = Encoding.UTF8.GetByteCount(content);
            total += bytes;
            if (bytes > MaxFileBytes)
            {
                problems.Add($"file '{file.Path}' is {Kb(bytes)}, more than {Kb(MaxFileBytes)}");
            }

            if (LoadsRemote(content))
            {
                problems.Add($"file '{file.Path}' loads something from another site (no CDN or outside network allowed)");
            }
        }

        if (total > MaxTotalFileBytes)
        {
            problems.Add($"the files add up to {Kb(total)}, more than {Kb(MaxTotalFileBytes)}");
        }

        if (!names.Contains("index.html"))
        {
            problems.Add("the site has no index.html");
        }
    }

    private static void CheckParameters(IReadOnlyDictionary<string, string>? parameters, List<string> problems)
    {
        if (parameters is null)
        {
            return;
        }

        if (parameters.Count > MaxParameters)
        {
            problems.Add($"{parameters.Count} parameters is more than {MaxParameters}");
            return;
        }

        foreach (var (key, value) in parameters)
        {
            if (key is null || key.Length is 0 or > 40 || value is null || value.Length > 300)
            {
                problems.Add($"parameter {Show(key)} is too long or empty");
            }
        }
    }

    private static bool LoadsRemote(string content)
    {
        try
        {
            return RemoteElementPattern().IsMatch(content) || RemoteCssPattern().IsMatch(content) || RemoteImportPattern().IsMatch(content);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    private static string Kb(long bytes) => $"{Math.Ceiling(bytes / 1024m).ToString(CultureInfo.InvariantCulture)} KB";

    /// <summary>Quotes a value from the untrusted blueprint for a message: printable, at most 40 characters.</summary>
    internal static string Show(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var builder = new StringBuilder("'");
        foreach (var c in value.Take(40))
        {
            builder.Append(char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format ? '?' : c);
        }

        return builder.Append(value.Length > 40 ? "…'" : "'").ToString();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex FileNamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex TemplateNamePattern();

    [GeneratedRegex(@"\bexport\s+(?:const|let|var|async\s+function|function)\s+handler\b|\bexport\s*\{[^}]*\bhandler\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex HandlerExportPattern();

    [GeneratedRegex(@"<(?:script|link|iframe|img|audio|video|source|embed|object|frame|track|image|use)\b[^>]*?\b(?:src|href|data|srcset|xlink:href)\s*=\s*[""']?\s*(?:https?:)?//", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex RemoteElementPattern();

    [GeneratedRegex(@"(?:@import\s+(?:url\()?|url\()\s*[""']?\s*(?:https?:)?//", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex RemoteCssPattern();

    [GeneratedRegex(@"\bimport\s*(?:\(\s*|[^;'""]*?\bfrom\s*|\s)[""'`]\s*(?:https?:)?//", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex RemoteImportPattern();
}
