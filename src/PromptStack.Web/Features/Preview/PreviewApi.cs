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
        var function = project.Resources.FirstOrDefault(r => r.Kind == ResourceKinds.LambdaFunction)?.PhysicalId;
        var variables = new Dictionary<string, string>
        {
            ["TABLE_NAME"] = table.PhysicalId,
            ["AWS_LAMBDA_FUNCTION_NAME"] = string.IsNullOrEmpty(function) ? "preview" : function,
        };
        var result = await runtime.InvokeAsync(project.Id, project.ApplicationVersion, code, variables, eventJson, cancellationToken);
        if (result.Failure == FunctionFailure.Throttled)
        {
            http.Response.Headers.RetryAfter = "1";
        }

        return result.Answer is { } answer ? Response(answer) : Failure(result.Failure, runtime.Limits);
    }

    private static IResult Failure(FunctionFailure failure, SandboxLimits limits) => failure switch
    {
        FunctionFailure.TimedOut => PreviewEndpoints.Problem(504, "The function timed out", $"The handler ran longer than its {limits.Timeout.TotalSeconds:0.#}-second timeout and was stopped."),
        FunctionFailure.OutOfMemory => PreviewEndpoints.Problem(502, "The function ran out of memory", $"The handler used more than its {limits.MemoryMb} MB and was stopped."),
        FunctionFailure.ResponseTooLarge => PreviewEndpoints.Problem(502, "The function's response is too large", "A function may answer at most 6 MB."),
        FunctionFailure.NoResponse => PreviewEndpoints.Problem(502, "The function returned no response", "The handler's process ended before it returned."),
        FunctionFailure.InvalidResponse => PreviewEndpoints.Problem(502, "The function returned an invalid response", "The handler's answer is not a valid payload-2.0 response."),
        FunctionFailure.Throttled => PreviewEndpoints.Problem(429, "Too many function calls at once", "The preview runs a limited number of handlers at a time; retry shortly."),
        _ => PreviewEndpoints.Problem(502, "The function failed", "The handler threw an error or exited; see the function's log."),
    };

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
            ["headers"] = PreviewHeaders.ForEvent(request.Headers),
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

        // API Gateway answers 502 to a status it cannot send. 1xx is out too: a client takes it for an interim
        // response and keeps waiting for the real one (101 would even announce a protocol switch).
        if (status.ValueKind != JsonValueKind.Number || !status.TryGetInt32(out var code) || code is < 200 or > 599)
        {
            return Failure(FunctionFailure.InvalidResponse, new SandboxLimits());
        }

        // The "cookies" field (payload 2.0's Set-Cookie) is ignored on purpose: see PreviewHeaders.
        var headers = answer.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object
            ? h.EnumerateObject().Select(p => (p.Name, Value: p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())).ToList()
            : [];
        var text = answer.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : "";
        var bytes = Encoding.UTF8.GetBytes(text);
        if (answer.TryGetProperty("isBase64Encoded", out var base64) && base64.ValueKind == JsonValueKind.True)
        {
            bytes = new byte[text.Length];
            if (!Convert.TryFromBase64String(text, bytes, out var length))
            {
                return Failure(FunctionFailure.InvalidResponse, new SandboxLimits());
            }

            bytes = bytes[..length];
        }

        return new HandlerResult(code, headers, bytes);
    }

    private sealed class HandlerResult(int status, List<(string Name, string Value)> headers, byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                if (PreviewHeaders.IsAllowed(name, value, httpContext.Request))
                {
                    httpContext.Response.Headers[name] = value;
                }
            }

            await httpContext.Response.Body.WriteAsync(body);
        }
    }
}
