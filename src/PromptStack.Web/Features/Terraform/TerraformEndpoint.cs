using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PromptStack.Blueprints;
using PromptStack.Data;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Terraform;

public static class TerraformEndpoint
{
    public static IEndpointRouteBuilder MapTerraform(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projects/{id:guid}/terraform", HandleAsync).WithTags("Projects").WithName("ExportTerraform").WithSummary("The project's stack as a Terraform configuration").RequireAuthorization();
        return app;
    }

    /// <summary>main.tf.json for the project's stack, as a download.</summary>
    public static async Task<IResult> HandleAsync(
        Guid id, ClaimsPrincipal principal, PromptStackDbContext db, EngineOptions engine, AwsSettings aws, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var project = await db.Projects.AsNoTracking().Include(p => p.Resources)
            .SingleOrDefaultAsync(p => p.Id == id && p.OwnerId == user.Id, cancellationToken);
        if (project is null)
        {
            return GetProject.NotFound();
        }

        var blueprint = JsonSerializer.Deserialize<Blueprint>(project.BlueprintJson)!;
        var document = TerraformExport.Build(project, blueprint, engine, aws.Region);
        return Results.File(JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true }),
            "application/json", "main.tf.json");
    }
}
