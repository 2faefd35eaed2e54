using System.Text;
using System.Text.Json;
using PromptStack.Data.Entities;

namespace PromptStack.Web.Features.Projects;

/// <summary>
/// A project as read, kept with its JSON already written, split around the accrued cost: the only field that moves
/// with time. Answering a list is then copying bytes and writing one number per project, where serializing the
/// DTOs again was the largest cost of a cached read (profiled). The bytes are what the serializer writes, with the
/// API's own options; if that cannot be split (options changed), <see cref="Before"/> is null and the answer is
/// serialized as usual.
/// </summary>
public sealed class ProjectJson
{
    // A value no project's cost takes, found by its property name so a prompt quoting it cannot be mistaken for it
    // (inside a JSON string its quotes would be escaped).
    private const decimal Marker = -7777777.7777777m;

    public ProjectJson(ProjectDto dto, Project row, JsonSerializerOptions options)
    {
        Dto = dto;
        Row = row;
        var json = JsonSerializer.SerializeToUtf8Bytes(dto with { AccruedCost = Marker }, options);
        var name = options.PropertyNamingPolicy?.ConvertName(nameof(ProjectDto.AccruedCost)) ?? nameof(ProjectDto.AccruedCost);
        var property = Encoding.UTF8.GetBytes($"\"{name}\":");
        var needle = Encoding.UTF8.GetBytes($"\"{name}\":{Marker.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var at = json.AsSpan().IndexOf(needle);
        if (at >= 0)
        {
            Before = json[..(at + property.Length)];
            After = json[(at + needle.Length)..];
        }
    }

    public ProjectDto Dto { get; }

    private Project Row { get; }

    public byte[]? Before { get; }

    public byte[]? After { get; }

    public decimal AccruedCostAt(DateTimeOffset now) => ProjectDto.AccruedCostOf(Row, now);

    public ProjectDto At(DateTimeOffset now) => Dto with { AccruedCost = AccruedCostAt(now) };
}
