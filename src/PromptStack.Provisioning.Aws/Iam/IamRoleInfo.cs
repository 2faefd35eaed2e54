using System.Xml.Linq;

namespace PromptStack.Provisioning.Aws;

/// <summary>An IAM role as returned by CreateRole/GetRole/ListRoles.</summary>
public sealed record IamRoleInfo
{
    public required string RoleName { get; init; }

    public required string Arn { get; init; }

    public string? RoleId { get; init; }

    public string? Path { get; init; }

    /// <summary>Trust policy JSON, already URL-decoded (IAM returns it RFC 3986-encoded).</summary>
    public string? AssumeRolePolicyDocument { get; init; }

    public string? PermissionsBoundaryArn { get; init; }

    public DateTimeOffset? CreateDate { get; init; }

    /// <summary>Filled by CreateRole/GetRole; ListRoles does not return tags (use ListRoleTags).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    internal static IamRoleInfo FromXml(XElement role) => new()
    {
        RoleName = role.Child("RoleName") ?? string.Empty,
        Arn = role.Child("Arn") ?? string.Empty,
        RoleId = role.Child("RoleId"),
        Path = role.Child("Path"),
        AssumeRolePolicyDocument = IamXml.DecodePolicy(role.Child("AssumeRolePolicyDocument")),
        PermissionsBoundaryArn = role.ChildElement("PermissionsBoundary")?.Child("PermissionsBoundaryArn"),
        CreateDate = DateTimeOffset.TryParse(role.Child("CreateDate"), out var created) ? created : null,
        Tags = IamXml.ReadTags(role.ChildElement("Tags")),
    };
}
