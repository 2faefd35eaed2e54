using Microsoft.AspNetCore.Http.HttpResults;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Costs;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

public sealed record EstimateRequest(string? Prompt);

public sealed record EstimateDto(
    string Template, string Title, string Summary, IReadOnlyList<BlueprintResource> Resources,
    decimal EstimatedMonthlyCost, IReadOnlyList<CostLine> CostBreakdown, IReadOnlyDictionary<string, string> Parameters, string? Note);

public static class EstimateProject
{
    public static async Task<Results<Ok<EstimateDto>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        EstimateRequest request, IBlueprintGenerator generator, CostModel costs, CancellationToken cancellationToken)
    {
        var prompt = request.Prompt ?? "";
        var validation = ValidatePrompt(new Validation(), prompt);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        var result = await generator.GenerateAsync(prompt, cancellationToken);
        if (result.Blueprint is not { } blueprint)
        {
            return NoApp(result.Refusal);
        }

        var estimate = costs.Estimate(blueprint);
        return TypedResults.Ok(new EstimateDto(blueprint.Template, blueprint.Title, blueprint.Summary, blueprint.Resources,
            estimate.EstimatedMonthlyCost, estimate.Breakdown, blueprint.Parameters, result.Note));
    }

    public static Validation ValidatePrompt(Validation validation, string prompt) => validation
        .Require(!string.IsNullOrWhiteSpace(prompt), "prompt", "Describe the app you want.")
        .Require(prompt.Length <= PromptLimits.MaxLength, "prompt", $"Use at most {PromptLimits.MaxLength} characters.");

    /// <summary>
    /// 422 problem+json for a prompt no template fits. Its <c>suggestions</c> extension holds one working example prompt
    /// per template, so a client can offer them as one-click fixes instead of leaving the user to guess.
    /// </summary>
    public static ProblemHttpResult NoApp(string? why) => TypedResults.Problem(
        title: "No app can be made from this prompt", detail: why, statusCode: StatusCodes.Status422UnprocessableEntity,
        extensions: new Dictionary<string, object?> { ["suggestions"] = Suggestions });

    public static IReadOnlyList<PromptSuggestion> Suggestions { get; } =
        OfflineBlueprintGenerator.Catalog.Select(t => new PromptSuggestion(t.Name, t.Description, t.Example)).ToList();
}

/// <summary>A prompt that is known to work, for one template of the catalog.</summary>
public sealed record PromptSuggestion(string Template, string Description, string Prompt);
