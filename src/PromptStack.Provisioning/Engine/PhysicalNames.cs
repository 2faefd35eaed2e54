using System.Security.Cryptography;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Physical names: a readable, deterministic part plus a random suffix. The suffix keeps names
/// unique across re-provisioning (S3 bucket names linger after deletion); the whole name is saved
/// before the create call so that a crash never leaves a resource the platform cannot find again.
/// </summary>
public static class PhysicalNames
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(string prefix, Guid projectId, string logicalName)
    {
        var suffix = RandomNumberGenerator.GetString(Alphabet, 6);
        var name = $"{Stem(prefix, projectId, logicalName)}-{suffix}";

        // S3 bucket names are at most 63 characters; the others allow 64.
        return name.Length <= 63 ? name : name[..56] + "-" + suffix;
    }

    /// <summary>The deterministic part of a name, without the random suffix.</summary>
    public static string Stem(string prefix, Guid projectId, string logicalName) =>
        $"{prefix}-{projectId.ToString("N")[..8]}-{logicalName}".ToLowerInvariant();
}
