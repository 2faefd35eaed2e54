using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Blueprints;
using PromptStack.Data;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Application;

public sealed record GeneratedFileDto(string Path, string ContentType, int Size);

/// <summary>The files an application deploys: the frontend files and the function's index.mjs.</summary>
public static class GeneratedFiles
{
    public const string HandlerPath = "function/index.mjs";

    public static IEndpointRouteBuilder MapGeneratedFiles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects/{id:guid}/files").WithTags("Application").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListGeneratedFiles").WithSummary("The files generated for the project");
        group.MapGet("/{**path}", GetAsync).WithName("GetGeneratedFile").WithSummary("One generated file's content");
        return app;
    }

    public static async Task<Results<Ok<List<GeneratedFileDto>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal principal, PromptStackDbContext db, CancellationToken cancellationToken)
    {
        var files = await FilesAsync(id, principal, db, cancellationToken);
        return files is null
            ? GetProject.NotFound()
            : TypedResults.Ok(files.Select(f => new GeneratedFileDto(f.Path, f.ContentType, System.Text.Encoding.UTF8.GetByteCount(f.Content))).ToList());
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, string path, ClaimsPrincipal principal, PromptStackDbContext db, CancellationToken cancellationToken)
    {
        var files = await FilesAsync(id, principal, db, cancellationToken);
        if (files is null)
        {
            return GetProject.NotFound();
        }

        var file = files.FirstOrDefault(f => f.Path == path);
        return file is null
            ? TypedResults.Problem(title: "File not found", detail: $"The application has no file '{path}'.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Text(file.Content, "text/plain; charset=utf-8");
    }

    private static async Task<List<GeneratedFile>?> FilesAsync(Guid id, ClaimsPrincipal principal, PromptStackDbContext db, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var json = await db.Projects.AsNoTracking().Where(p => p.Id == id && p.OwnerId == user.Id)
            .Select(p => p.BlueprintJson).SingleOrDefaultAsync(cancellationToken);
        if (json is null)
        {
            return null;
        }

        var blueprint = JsonSerializer.Deserialize<Blueprint>(json)!;
        var files = blueprint.Files.ToList();
        if (blueprint.HandlerCode is { } code)
        {
            files.Add(new GeneratedFile(HandlerPath, "text/javascript", code));
        }

        return files;
    }
}
