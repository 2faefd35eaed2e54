using System.Xml.Linq;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Minimal IAM client over the Query protocol (Action=...&amp;Version=2010-05-08, XML answers), because the
/// AWSSDK.IdentityManagement package is not available. Covers what per-project Lambda roles need.
/// </summary>
public sealed class IamClient
{
    /// <summary>Trust policy that lets Lambda assume the role.</summary>
    public const string LambdaAssumeRolePolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private const string ApiVersion = "2010-05-08";
    private readonly SigV4HttpClient _http;

    public IamClient(SigV4HttpClient http) => _http = http;

    /// <summary>MaxItems per list request (IAM allows 1-1000); small values let tests exercise paging.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Creates a role with tags applied atomically (the session policy only allows tagged creates).</summary>
    public async Task<IamRoleInfo> CreateRoleAsync(
        string roleName, IReadOnlyDictionary<string, string>? tags = null, string? permissionsBoundaryArn = null,
        string assumeRolePolicyDocument = LambdaAssumeRolePolicy, string path = "/", CancellationToken cancellationToken = default)
    {
        var parameters = Parameters(
            "CreateRole",
            ("RoleName", roleName),
            ("Path", path),
            ("AssumeRolePolicyDocument", assumeRolePolicyDocument),
            ("PermissionsBoundary", permissionsBoundaryArn));
        AddTags(parameters, tags ?? new Dictionary<string, string>());
        var result = await CallAsync("CreateRole", parameters, cancellationToken);
        return IamRoleInfo.FromXml(result.ChildElement("Role")!);
    }

    /// <summary>The role including its tags, or null when it does not exist.</summary>
    public async Task<IamRoleInfo?> GetRoleAsync(string roleName, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await CallAsync("GetRole", Parameters("GetRole", ("RoleName", roleName)), cancellationToken);
            return IamRoleInfo.FromXml(result.ChildElement("Role")!);
        }
        catch (AwsApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Creates or replaces an inline policy.</summary>
    public Task PutRolePolicyAsync(string roleName, string policyName, string policyDocument, CancellationToken cancellationToken = default) =>
        CallAsync(
            "PutRolePolicy",
            Parameters("PutRolePolicy", ("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", policyDocument)),
            cancellationToken);

    /// <summary>The decoded policy JSON, or null when the role or policy does not exist.</summary>
    public async Task<string?> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await CallAsync(
                "GetRolePolicy", Parameters("GetRolePolicy", ("RoleName", roleName), ("PolicyName", policyName)), cancellationToken);
            return IamXml.DecodePolicy(result.Child("PolicyDocument"));
        }
        catch (AwsApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Names of all inline policies (all pages).</summary>
    public Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default) =>
        ListAllAsync("ListRolePolicies", [("RoleName", roleName)], r => r.ChildElement("PolicyNames").Members().Select(m => m.Value), cancellationToken);

    /// <summary>False when the policy (or the role) was already gone.</summary>
    public async Task<bool> DeleteRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default)
    {
        try
        {
            await CallAsync(
                "DeleteRolePolicy", Parameters("DeleteRolePolicy", ("RoleName", roleName), ("PolicyName", policyName)), cancellationToken);
            return true;
        }
        catch (AwsApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes the role; IAM refuses (DeleteConflict) while policies are attached, so inline policies are
    /// deleted (<paramref name="afterPolicyDeleted"/> called after each) and managed ones detached first.
    /// With <paramref name="expectedPolicy"/>, the inline policy the role was made with, the common case takes two
    /// calls: that policy, then the role. Only if IAM refuses the role (someone attached or put more) are its policies
    /// listed and removed. False when the role was already gone.
    /// </summary>
    public async Task<bool> DeleteRoleAsync(
        string roleName, string? expectedPolicy = null, Func<string, Task>? afterPolicyDeleted = null, CancellationToken cancellationToken = default)
    {
        try
        {
            if (expectedPolicy is not null)
            {
                if (await DeleteRolePolicyAsync(roleName, expectedPolicy, cancellationToken) && afterPolicyDeleted is not null)
                {
                    await afterPolicyDeleted(expectedPolicy);
                }

                try
                {
                    await CallAsync("DeleteRole", Parameters("DeleteRole", ("RoleName", roleName)), cancellationToken);
                    return true;
                }
                catch (AwsApiException ex) when (ex.ErrorCode == "DeleteConflict")
                {
                }
            }

            foreach (var policyName in await ListRolePoliciesAsync(roleName, cancellationToken))
            {
                await DeleteRolePolicyAsync(roleName, policyName, cancellationToken);
                if (afterPolicyDeleted is not null)
                {
                    await afterPolicyDeleted(policyName);
                }
            }

            var attached = await ListAllAsync(
                "ListAttachedRolePolicies",
                [("RoleName", roleName)],
                r => r.ChildElement("AttachedPolicies").Members().Select(m => m.Child("PolicyArn") ?? string.Empty),
                cancellationToken);
            foreach (var policyArn in attached.Where(a => a.Length > 0))
            {
                await CallAsync(
                    "DetachRolePolicy", Parameters("DetachRolePolicy", ("RoleName", roleName), ("PolicyArn", policyArn)), cancellationToken);
            }

            await CallAsync("DeleteRole", Parameters("DeleteRole", ("RoleName", roleName)), cancellationToken);
            return true;
        }
        catch (AwsApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Adds or overwrites the given tags; tags not named are left as they are.</summary>
    public Task TagRoleAsync(string roleName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        var parameters = Parameters("TagRole", ("RoleName", roleName));
        AddTags(parameters, tags);
        return CallAsync("TagRole", parameters, cancellationToken);
    }

    /// <summary>All roles (all pages), optionally under a path prefix such as "/promptstack/". Tags are not included.</summary>
    public Task<IReadOnlyList<IamRoleInfo>> ListRolesAsync(string? pathPrefix = null, CancellationToken cancellationToken = default) =>
        ListAllAsync("ListRoles", [("PathPrefix", pathPrefix)], r => r.ChildElement("Roles").Members().Select(IamRoleInfo.FromXml), cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> ListRoleTagsAsync(string roleName, CancellationToken cancellationToken = default)
    {
        var pages = await ListAllAsync(
            "ListRoleTags", [("RoleName", roleName)], r => IamXml.ReadTags(r.ChildElement("Tags")), cancellationToken);
        return pages.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
    }

    /// <summary>Runs a Marker/IsTruncated paged action to the end and concatenates the items.</summary>
    private async Task<IReadOnlyList<T>> ListAllAsync<T>(
        string action, (string Key, string? Value)[] args, Func<XElement, IEnumerable<T>> items, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? marker = null;
        do
        {
            var parameters = Parameters(action, args);
            parameters.Add(new("MaxItems", PageSize.ToString()));
            if (marker is not null)
            {
                parameters.Add(new("Marker", marker));
            }

            var result = await CallAsync(action, parameters, cancellationToken);
            all.AddRange(items(result));
            marker = IamXml.NextMarker(result);
        }
        while (!string.IsNullOrEmpty(marker));

        return all;
    }

    private async Task<XElement> CallAsync(string action, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var document = await _http.SendQueryAsync(parameters, cancellationToken);
        return IamXml.Result(document, action);
    }

    private static void AddTags(List<KeyValuePair<string, string>> parameters, IReadOnlyDictionary<string, string> tags)
    {
        var index = 1;
        foreach (var tag in tags)
        {
            parameters.Add(new($"Tags.member.{index}.Key", tag.Key));
            parameters.Add(new($"Tags.member.{index}.Value", tag.Value));
            index++;
        }
    }

    private static List<KeyValuePair<string, string>> Parameters(string action, params (string Key, string? Value)[] args)
    {
        var list = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", ApiVersion) };
        list.AddRange(args.Where(a => a.Value is not null).Select(a => new KeyValuePair<string, string>(a.Key, a.Value!)));
        return list;
    }
}
