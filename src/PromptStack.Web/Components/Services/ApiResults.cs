using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PromptStack.Web.Features.Projects;

namespace PromptStack.Web.Components.Services;

/// <summary>Reads what an endpoint handler answered (the same typed results the HTTP API sends) as a UI result.</summary>
public static class ApiResults
{
    public static ApiResult<T> From<T>(IResult result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result switch
        {
            IValueHttpResult<T> { Value: { } value } => ApiResult.Success(value),
            ContentHttpResult { ResponseContent: { } text } when text is T content => ApiResult.Success(content),
            ProblemHttpResult problem => ApiResult.Failure<T>(Problem(problem.ProblemDetails, null)),
            ValidationProblem invalid => ApiResult.Failure<T>(Problem(invalid.ProblemDetails, invalid.ProblemDetails.Errors)),
            IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } when typeof(T) == typeof(bool) => ApiResult.Success((T)(object)true),
            _ => ApiResult.Failure<T>(new ApiProblem(500, "Unexpected answer from the platform", result.GetType().Name)),
        };
    }

    private static ApiProblem Problem(ProblemDetails details, IDictionary<string, string[]>? errors) =>
        new(details.Status ?? 500, details.Title ?? "Request failed", details.Detail == details.Title ? null : details.Detail,
            errors is null ? null : new Dictionary<string, string[]>(errors),
            details.Extensions.TryGetValue("suggestions", out var suggestions) ? suggestions as IReadOnlyList<PromptSuggestion> : null);
}
