using System.Globalization;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>Turns a listed resource's tags into a <see cref="ManagedResource"/> when they mark it as this installation's.</summary>
internal static class ManagedTags
{
    /// <summary>
    /// Null unless ManagedBy and Environment both match: installations sharing an account differ in
    /// Environment, and anything else in the account is none of the sweeper's business.
    /// </summary>
    public static ManagedResource? Describe(
        string kind, string physicalId, string identifier, IReadOnlyDictionary<string, string> tags, EngineOptions engine)
    {
        if (tags.GetValueOrDefault(ResourceTags.ManagedBy) != engine.ManagedBy
            || tags.GetValueOrDefault(ResourceTags.Environment) != engine.Environment)
        {
            return null;
        }

        return new ManagedResource(
            kind,
            physicalId,
            identifier,
            Guid.TryParse(tags.GetValueOrDefault(ResourceTags.ProjectId), out var projectId) ? projectId : null,
            Guid.TryParse(tags.GetValueOrDefault(ResourceTags.UserId), out var userId) ? userId : null,
            DateTimeOffset.TryParseExact(
                tags.GetValueOrDefault(ResourceTags.CreatedAt), "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var createdAt)
                ? createdAt
                : null);
    }
}
