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
}
