namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Every project's preview lives on an origin of its own, <c>{id}.{preview host}</c>: generated pages
/// and handlers never share an origin with the platform or with another project, so browsers keep
/// their cookies, storage and scripts apart.
/// </summary>
public static class PreviewOrigin
{
    /// <summary>The project's origin under <paramref name="baseUrl"/> (e.g. http://preview.localhost:5000), with a trailing slash.</summary>
    public static string For(string baseUrl, Guid projectId)
    {
        var root = new Uri(baseUrl);
        return $"{root.Scheme}://{Label(projectId)}.{root.Host}{(root.IsDefaultPort ? "" : ":" + root.Port)}/";
    }

    /// <summary>The host label that names a project: its id without dashes.</summary>
    public static string Label(Guid projectId) => projectId.ToString("N");

    /// <summary>The project a request's host names, if it is <c>{label}.{preview host}</c>.</summary>
    public static Guid? ProjectOf(string baseUrl, string requestHost)
    {
        var previewHost = new Uri(baseUrl).Host;
        if (!requestHost.EndsWith("." + previewHost, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var label = requestHost[..^(previewHost.Length + 1)];
        return label.Length == 32 && Guid.TryParseExact(label, "N", out var id) ? id : null;
    }

    /// <summary>True for any host at or under the preview host: the platform serves none of its own pages there.</summary>
    public static bool IsPreviewHost(string baseUrl, string requestHost)
    {
        var previewHost = new Uri(baseUrl).Host;
        return requestHost.Equals(previewHost, StringComparison.OrdinalIgnoreCase) ||
               requestHost.EndsWith("." + previewHost, StringComparison.OrdinalIgnoreCase);
    }
}
