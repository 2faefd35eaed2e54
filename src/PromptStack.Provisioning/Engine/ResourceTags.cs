using System.Globalization;

namespace PromptStack.Provisioning.Engine;

/// <summary>The five tags every resource carries from the moment it is created.</summary>
public static class ResourceTags
{
    public const string UserId = "UserId";
    public const string ProjectId = "ProjectId";
    public const string ManagedBy = "ManagedBy";
    public const string Environment = "Environment";
    public const string CreatedAt = "CreatedAt";

    public static IReadOnlyDictionary<string, string> For(Guid userId, Guid projectId, string managedBy, string environment, DateTimeOffset createdAt) =>
        new Dictionary<string, string>
        {
            [UserId] = userId.ToString(),
            [ProjectId] = projectId.ToString(),
            [ManagedBy] = managedBy,
            [Environment] = environment,
            [CreatedAt] = createdAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };

    /// <summary>
    /// Names of the desired tags that <paramref name="actual"/> lacks or holds with another value; tags the
    /// platform does not manage are ignored (someone may add their own).
    /// </summary>
    public static IReadOnlyList<string> Differing(IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string> actual) =>
        desired.Where(t => !actual.TryGetValue(t.Key, out var value) || value != t.Value).Select(t => t.Key).ToList();

    /// <summary>The difference as words for <see cref="ResourceState.Differences"/>, or null when the tags are right.</summary>
    public static string? Describe(IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string> actual) =>
        Differing(desired, actual) is { Count: > 0 } keys ? "tags " + string.Join(", ", keys) : null;
}
