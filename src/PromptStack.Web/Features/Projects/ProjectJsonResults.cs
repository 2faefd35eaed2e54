using System.Buffers.Text;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace PromptStack.Web.Features.Projects;

/// <summary>The projects list from <see cref="ProjectJson"/> bytes; to the UI, which calls the same handler, a typed list.</summary>
public sealed class ProjectListResult(IReadOnlyList<ProjectJson> projects, DateTimeOffset now, JsonSerializerOptions options)
    : IResult, IValueHttpResult, IValueHttpResult<List<ProjectDto>>, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public List<ProjectDto> Value => [.. projects.Select(p => p.At(now))];

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) =>
        ProjectJsonWriter.WriteAsync(httpContext, projects, now, array: true, () => httpContext.Response.WriteAsJsonAsync(Value, options));

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(List<ProjectDto>), ["application/json"]));
}

/// <summary>One project from its <see cref="ProjectJson"/> bytes; to the UI, the typed project.</summary>
public sealed class ProjectResult(ProjectJson project, DateTimeOffset now, JsonSerializerOptions options)
    : IResult, IValueHttpResult, IValueHttpResult<ProjectDto>, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public ProjectDto Value => project.At(now);

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) =>
        ProjectJsonWriter.WriteAsync(httpContext, [project], now, array: false, () => httpContext.Response.WriteAsJsonAsync(Value, options));

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ProjectDto), ["application/json"]));
}

internal static class ProjectJsonWriter
{
    public static async Task WriteAsync(
        HttpContext httpContext, IReadOnlyList<ProjectJson> projects, DateTimeOffset now, bool array, Func<Task> serialize)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        if (projects.Any(p => p.Before is null))
        {
            await serialize();
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        var writer = response.BodyWriter;
        if (array)
        {
            Write(writer, "["u8);
        }

        for (var i = 0; i < projects.Count; i++)
        {
            if (i > 0)
            {
                Write(writer, ","u8);
            }

            Write(writer, projects[i].Before);
            // Formatted as Utf8JsonWriter formats a decimal, so the body is byte for byte the serializer's.
            var span = writer.GetSpan(64);
            Utf8Formatter.TryFormat(projects[i].AccruedCostAt(now), span, out var written);
            writer.Advance(written);
            Write(writer, projects[i].After);
        }

        if (array)
        {
            Write(writer, "]"u8);
        }

        await writer.FlushAsync(httpContext.RequestAborted);
    }

    private static void Write(PipeWriter writer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }
}
