using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Infrastructure.ReadCache;

namespace PromptStack.Web.Features.Projects;

/// <summary>
/// The projects list and single-project reads, answered from memory per owner until any project or resource is
/// written (see <see cref="ChangeVersions"/>): a read does no database work while nothing changes.
/// </summary>
public sealed class ProjectReadCache(ChangeVersions versions)
{
    /// <summary>One project as read, newest first; only its accrued cost moves with time.</summary>
    private sealed record Cached(ProjectDto Dto, Project Row)
    {
        public ProjectDto At(DateTimeOffset now) => Dto with { AccruedCost = ProjectDto.AccruedCostOf(Row, now) };
    }

    // An owner's ten projects without blueprints are some tens of KB: 500 owners keep it within tens of MB.
    private readonly VersionedCache<Guid, IReadOnlyList<Cached>> owners = new(() => versions.Projects, capacity: 500);

    /// <summary>The owner's projects, newest first.</summary>
    public async Task<List<ProjectDto>> ListAsync(PromptStackDbContext db, Guid ownerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        [.. (await OwnedByAsync(db, ownerId, now, cancellationToken)).Select(p => p.At(now))];

    /// <summary>One of the owner's projects, or null when it is not theirs.</summary>
    public async Task<ProjectDto?> FindAsync(PromptStackDbContext db, Guid ownerId, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await OwnedByAsync(db, ownerId, now, cancellationToken)).FirstOrDefault(p => p.Dto.Id == id)?.At(now);

    private Task<IReadOnlyList<Cached>> OwnedByAsync(PromptStackDbContext db, Guid ownerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        owners.GetAsync(ownerId, (db, ownerId, now, cancellationToken), static async s =>
        {
            var rows = await ProjectViews.OwnedByAsync(s.db, s.ownerId, s.cancellationToken);
            return (IReadOnlyList<Cached>)[.. rows.OrderByDescending(p => p.CreatedAt).Select(p => new Cached(ProjectDto.From(p, s.now), p))];
        });
}
