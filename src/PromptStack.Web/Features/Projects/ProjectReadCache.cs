using Microsoft.Extensions.Options;
using PromptStack.Data;
using PromptStack.Web.Infrastructure.ReadCache;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace PromptStack.Web.Features.Projects;

/// <summary>
/// The projects list and single-project reads, answered from memory per owner until a project or resource that may
/// be theirs is written (see <see cref="ChangeVersions"/>): a read does no database work while nothing changes, and writes the
/// JSON kept with each project (<see cref="ProjectJson"/>).
/// </summary>
public sealed class ProjectReadCache(ChangeVersions versions, IOptions<JsonOptions> json)
{
    // An owner's ten projects without blueprints, with their JSON, are some tens of KB: 500 owners stay within tens of MB.
    private readonly VersionedCache<Guid, IReadOnlyList<ProjectJson>> owners = new(versions.ProjectsOf, capacity: 500);

    /// <summary>The owner's projects, newest first.</summary>
    public async Task<ProjectListResult> ListAsync(PromptStackDbContext db, Guid ownerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        new(await OwnedByAsync(db, ownerId, now, cancellationToken), now, json.Value.SerializerOptions);

    /// <summary>One of the owner's projects, or null when it is not theirs.</summary>
    public async Task<ProjectResult?> FindAsync(PromptStackDbContext db, Guid ownerId, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await OwnedByAsync(db, ownerId, now, cancellationToken)).FirstOrDefault(p => p.Dto.Id == id) is { } project
            ? new(project, now, json.Value.SerializerOptions)
            : null;

    private Task<IReadOnlyList<ProjectJson>> OwnedByAsync(PromptStackDbContext db, Guid ownerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        owners.GetAsync(ownerId, (db, ownerId, now, cancellationToken, options: json.Value.SerializerOptions), static async s =>
        {
            var rows = await ProjectViews.OwnedByAsync(s.db, s.ownerId, s.cancellationToken);
            return (IReadOnlyList<ProjectJson>)[.. rows.OrderByDescending(p => p.CreatedAt).Select(p => new ProjectJson(ProjectDto.From(p, s.now), p, s.options))];
        });
}
