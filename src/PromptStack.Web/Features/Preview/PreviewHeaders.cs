namespace PromptStack.Web.Features.Preview;

/// <summary>
/// The preview shares the platform's origin, so the handler must neither see the caller's platform credentials
/// nor set headers that act on the platform's origin (cookies, security policies, credentials prompts).
/// </summary>
public static class PreviewHeaders
{
    // Credentials and proxy metadata: the session cookie and bearer token belong to the platform, and forwarded
    // headers describe the platform's network, which the app has no business with.
    private static readonly HashSet<string> DroppedRequest = new(StringComparer.OrdinalIgnoreCase)
    {
        "cookie", "authorization", "proxy-authorization", "forwarded", "x-real-ip", "x-client-ip", "x-original-url", "x-original-for",
    };

    // What an API answer needs: describing and caching the body, downloads, CORS for the app's own pages.
    private static readonly HashSet<string> AllowedResponse = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "content-language", "content-disposition", "content-encoding", "cache-control", "expires",
        "etag", "last-modified", "vary", "retry-after", "location",
        "access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers",
        "access-control-expose-headers", "access-control-max-age",
    };

    // X- headers a browser acts on, which only the platform may set on its origin; the rest of X- is the app's own.
    private static readonly HashSet<string> ReservedX = new(StringComparer.OrdinalIgnoreCase)
    {
        "x-frame-options", "x-content-type-options", "x-xss-protection", "x-permitted-cross-domain-policies",
        "x-dns-prefetch-control", "x-download-options", "x-powered-by", "x-real-ip", "x-accel-redirect", "x-sendfile",
    };

    /// <summary>The request headers the event carries, lower-cased as API Gateway sends them.</summary>
    public static Dictionary<string, string> ForEvent(IHeaderDictionary headers) =>
        headers.Where(h => !DroppedRequest.Contains(h.Key) && !h.Key.StartsWith("x-forwarded-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());

    /// <summary>
    /// Whether the handler may send this header. Never Set-Cookie (it would land on the platform's origin), nor
    /// Access-Control-Allow-Credentials (no other site may read the preview with the owner's cookie), nor
    /// CSP/HSTS/WWW-Authenticate or hop-by-hop headers, which belong to the platform and the connection.
    /// </summary>
    public static bool IsAllowed(string name, string value, HttpRequest request)
    {
        if (!value.All(c => c is >= ' ' and <= '~') || name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        if (name.Equals("location", StringComparison.OrdinalIgnoreCase))
        {
            return IsSameOriginLocation(value, request);
        }

        return AllowedResponse.Contains(name)
            || (name.StartsWith("x-", StringComparison.OrdinalIgnoreCase) && !ReservedX.Contains(name)
                && !name.StartsWith("x-forwarded-", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Relative paths and this host only: the preview must not be an open redirect off the platform's domain.</summary>
    private static bool IsSameOriginLocation(string value, HttpRequest request)
    {
        if (value.StartsWith("//", StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        // Checked before Uri parsing, which on Linux reads "/path" as an absolute file: URI.
        if (value.StartsWith('/'))
        {
            return true;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri.Scheme == request.Scheme && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            : Uri.TryCreate(value, UriKind.Relative, out _);
    }
}
