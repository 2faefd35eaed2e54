using System.Text.Json;
using PromptStack.Web.Features.Projects;

namespace PromptStack.Web.Components.Services;

/// <summary>An RFC 9457 problem as the API words it, or a transport failure worded the same way.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]>? Errors = null,
    IReadOnlyList<PromptSuggestion>? Suggestions = null)
{
    public static ApiProblem Unreachable(string why) =>
        new(0, "Cannot reach the platform", why);

    /// <summary>Reads a problem+json body; anything else becomes a problem named after the status code.</summary>
    public static ApiProblem Parse(int status, string? body, string? reason)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
                {
                    var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                    Dictionary<string, string[]>? errors = null;
                    if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                    {
                        errors = [];
                        foreach (var field in e.EnumerateObject())
                        {
                            errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                                ? field.Value.EnumerateArray().Select(m => m.GetString() ?? "").ToArray()
                                : [field.Value.ToString()];
                        }
                    }

                    List<PromptSuggestion>? suggestions = null;
                    if (root.TryGetProperty("suggestions", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        suggestions = list.Deserialize<List<PromptSuggestion>>(JsonSerializerOptions.Web);
                    }

                    return new ApiProblem(status, title.GetString()!, detail == title.GetString() ? null : detail, errors, suggestions);
                }
            }
            catch (JsonException)
            {
                // Not JSON: fall through to the generic wording.
            }
        }

        return new ApiProblem(status, string.IsNullOrWhiteSpace(reason) ? $"Request failed ({status})" : reason, null);
    }
}

/// <summary>The outcome of one API call: a value or the problem that the API answered.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool IsSuccess => Problem is null;
}

public static class ApiResult
{
    public static ApiResult<T> Success<T>(T value) => new(value, null);

    public static ApiResult<T> Failure<T>(ApiProblem problem) => new(default, problem);
}
