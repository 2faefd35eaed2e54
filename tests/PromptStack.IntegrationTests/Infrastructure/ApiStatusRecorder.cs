using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>
/// Records every status the API answers while a test app runs, so that the app can check them against its own
/// OpenAPI document when it is disposed: a status the tests met that the document does not list fails the class.
/// </summary>
public sealed partial class ApiStatusRecorder
{
    private readonly ConcurrentDictionary<(string Method, string Path, int Status), string> seen = new();

    public IStartupFilter StartupFilter => new Filter(this);

    public bool IsEmpty => seen.IsEmpty;

    /// <summary>Answers met that the document leaves out, as "METHOD /path -> status (seen in: test request)".</summary>
    public IReadOnlyList<string> Undocumented(JsonElement document)
    {
        var paths = document.GetProperty("paths");
        var missing = new List<string>();
        foreach (var ((method, path, status), example) in seen.OrderBy(s => s.Key.Path).ThenBy(s => s.Key.Method).ThenBy(s => s.Key.Status))
        {
            var documented = paths.TryGetProperty(path, out var item)
                && item.TryGetProperty(method.ToLowerInvariant(), out var operation)
                && operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out _);
            if (!documented)
            {
                missing.Add($"{method} {path} -> {status} (seen in: {example})");
            }
        }

        return missing;
    }

    /// <summary>"/api/projects/{id:guid}/files/{**path}" becomes the document's "/api/projects/{id}/files/{path}".</summary>
    public static string DocumentPath(string routePattern)
    {
        var path = RouteParameter().Replace(routePattern, m => "{" + m.Groups[1].Value + "}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"\{\**([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    private sealed class Filter(ApiStatusRecorder recorder) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                await following(context);

                // Only the platform's own API: not generated apps on their preview origins, not the 405 stand-in endpoint.
                if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } endpoint
                    && pattern.StartsWith("/api/", StringComparison.Ordinal)
                    && !context.Request.Host.Host.Contains(".preview.", StringComparison.Ordinal)
                    && endpoint.DisplayName?.StartsWith("405", StringComparison.Ordinal) != true)
                {
                    recorder.seen.TryAdd((context.Request.Method, DocumentPath(pattern), context.Response.StatusCode),
                        $"{context.Request.Method} {context.Request.Path}");
                }
            });
            next(app);
        };
    }
}
