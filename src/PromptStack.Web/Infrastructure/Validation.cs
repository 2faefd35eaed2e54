using Microsoft.AspNetCore.Http.HttpResults;

namespace PromptStack.Web.Infrastructure;

/// <summary>Collects field errors for a 400 validation problem.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> errors = [];

    public bool IsValid => errors.Count == 0;

    public Validation Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        return this;
    }

    public IDictionary<string, string[]> Errors => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public ValidationProblem Problem(string title = "The request is not valid") =>
        TypedResults.ValidationProblem(Errors, title: title);
}
