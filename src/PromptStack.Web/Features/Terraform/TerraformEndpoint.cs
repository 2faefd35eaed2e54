using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Provisioning.Aws.Terraform;
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
        Guid id, ClaimsPrincipal principal, PromptStackDbContext db, TerraformExport export, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var project = await db.Projects.AsNoTracking().Include(p => p.Resources)
            .SingleOrDefaultAsync(p => p.Id == id && p.OwnerId == user.Id, cancellationToken);
        if (project is null)
        {
            return GetProject.NotFound();
        }

        return Results.File(JsonSerializer.SerializeToUtf8Bytes(export.Build(project), new JsonSerializerOptions { WriteIndented = true }),
            "application/json", "main.tf.json");
    }
}
