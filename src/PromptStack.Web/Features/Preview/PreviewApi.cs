using System.Globalization;
using System.Text;
using System.Text.Json;
using PromptStack.Blueprints;
using PromptStack.Data.Entities;

namespace PromptStack.Web.Features.Preview;

/// <summary>Translates an HTTP request into an API Gateway payload-format-2.0 event and the handler's answer back.</summary>
public static class PreviewApi
{
    private const int MaxBodyBytes = 256 * 1024;

    public static async Task<IResult> InvokeAsync(
        Project project, string rawPath, HttpContext http, PreviewRuntime runtime, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (project.ApplicationStatus != ApplicationStatus.Deployed)
        {
            return PreviewEndpoints.Problem(503, "Application not deployed", "Deploy the application, then call its API.");
        }

        var blueprint = JsonSerializer.Deserialize<Blueprint>(project.BlueprintJson)!;
        var table = project.Resources.FirstOrDefault(r => r.Kind == ResourceKinds.DynamoDbTable);
        if (blueprint.HandlerCode is not { } code || table is null)
        {
            return PreviewEndpoints.Problem(404, "No API", "This app has no function.");
        }

        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length > MaxBodyBytes)
        {
            return PreviewEndpoints.Problem(413, "Request body too large", "The preview accepts bodies up to 256 KB.");
        }

        var eventJson = JsonSerializer.Serialize(Event(http, rawPath.Length == 0 ? "/" : rawPath, Encoding.UTF8.GetString(body.ToArray()), clock));
        var result = await runtime.InvokeAsync(project.Id, project.ApplicationVersion, code, table.PhysicalId, eventJson, cancellationToken);
        return result is { } answer ? Response(answer) : PreviewEndpoints.Problem(502, "The function failed", "The handler threw or timed out; see the server log.");
    }

    private static Dictionary<string, object?> Event(HttpContext http, string rawPath, string body, TimeProvider clock)
    {
        var request = http.Request;
        var now = clock.GetUtcNow();
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        return new Dictionary<string, object?>
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = rawPath,
            ["rawQueryString"] = query,
            ["headers"] = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            ["queryStringParameters"] = request.Query.Count == 0 ? null : request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            ["requestContext"] = new Dictionary<string, object?>
            {
                ["accountId"] = "123456789012",
                ["apiId"] = "preview",
                ["domainName"] = request.Host.Value,
                ["http"] = new Dictionary<string, object?>
                {
                    ["method"] = request.Method,
                    ["path"] = rawPath,
                    ["protocol"] = request.Protocol,
                    ["sourceIp"] = http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
                    ["userAgent"] = request.Headers.UserAgent.ToString(),
                },
                ["requestId"] = http.TraceIdentifier,
                ["routeKey"] = "$default",
                ["stage"] = "$default",
                ["time"] = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
                ["timeEpoch"] = now.ToUnixTimeMilliseconds(),
            },
            ["body"] = body.Length == 0 ? null : body,
            ["isBase64Encoded"] = false,
        };
    }

    /// <summary>A 2.0 handler may answer a full response object or any JSON value (then 200 with that JSON).</summary>
    private static IResult Response(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("statusCode", out var status))
        {
            return Results.Content(answer.GetRawText(), "application/json");
        }

        var headers = answer.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object
            ? h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = answer.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : "";
        var bytes = answer.TryGetProperty("isBase64Encoded", out var base64) && base64.ValueKind == JsonValueKind.True
            ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text);
        return new HandlerResult(status.GetInt32(), headers, bytes);
    }

    private sealed class HandlerResult(int status, Dictionary<string, string> headers, byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                if (!name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
                {
                    httpContext.Response.Headers[name] = value;
                }
            }

            await httpContext.Response.Body.WriteAsync(body);
        }
    }
}
