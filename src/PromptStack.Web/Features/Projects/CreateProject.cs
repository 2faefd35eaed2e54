using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using PromptStack.Blueprints;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Costs;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Projects;

public sealed record CreateProjectRequest(string? Name, string? Prompt);

public static partial class CreateProject
{
    [GeneratedRegex("^[a-z][a-z0-9-]{2,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public static async Task<Results<Created<ProjectDto>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CreateProjectRequest request, ClaimsPrincipal principal, PromptStackDbContext db, IBlueprintGenerator generator,
        CostModel costs, ProjectQuota quota, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var name = request.Name ?? "";
        var prompt = request.Prompt ?? "";
        var validation = new Validation()
            .Require(NamePattern().IsMatch(name), "name",
                "Use 3 to 40 characters of a-z, 0-9 and '-', starting with a letter.");
        EstimateProject.ValidatePrompt(validation, prompt);
        if (!validation.IsValid)
        {
            return validation.Problem("The project is not valid");
        }

        var result = await generator.GenerateAsync(prompt, cancellationToken);
        if (result.Blueprint is not { } blueprint)
        {
            return EstimateProject.NoApp(result.Refusal);
        }

        var estimate = costs.Estimate(blueprint);
        var now = clock.GetUtcNow();
        var project = new Project
        {
            Id = Guid.NewGuid(),
            OwnerId = user.Id,
            Name = name,
            Prompt = prompt,
            Template = blueprint.Template,
            BlueprintJson = JsonSerializer.Serialize(blueprint),
            EstimatedMonthlyCost = estimate.EstimatedMonthlyCost,
            CreatedAt = now,
            InfrastructureUpdatedAt = now,
        };

        var refusal = await quota.TryAddAsync(db, project, cancellationToken);
        if (refusal is not null)
        {
            return TypedResults.Problem(title: refusal.Title, detail: refusal.Detail, statusCode: StatusCodes.Status409Conflict);
        }

        db.ProjectEvents.Add(new ProjectEvent
        {
            ProjectId = project.Id, At = now, Operation = "create",
            Message = $"Project created from the '{blueprint.Template}' template, estimated at {Format.Money(estimate.EstimatedMonthlyCost)}/month.",
        });
        if (result.Note is { } note)
        {
            db.ProjectEvents.Add(new ProjectEvent { ProjectId = project.Id, At = now, Level = "warning", Operation = "create", Message = note });
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/projects/{project.Id}", ProjectDto.From(project, now));
    }
}
