using System.Net;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>The execution role of the app's function, trusted by Lambda and limited to the project's own table and logs.</summary>
public sealed class IamRoleDriver(AwsClientFactory factory, EngineOptions engine, DriverSettings settings) : IResourceDriver
{
    public string Kind => ResourceKinds.IamRole;

    public async Task<ResourceState?> ObserveAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var iam = factory.CreateIamClient(context.UserId.ToString());
        var role = await iam.GetRoleAsync(context.PhysicalName, cancellationToken);
        return role is null ? null : State(role) with { Differences = await CheckAsync(iam, context, role, repair: false, cancellationToken) };
    }

    public async Task<ResourceState> CreateAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var iam = factory.CreateIamClient(context.UserId.ToString());
        IamRoleInfo role;
        try
        {
            role = await iam.CreateRoleAsync(context.PhysicalName, context.Tags, settings.PermissionsBoundaryArn, cancellationToken: cancellationToken);
        }
        catch (AwsApiException ex) when (ex.IsAlreadyExists)
        {
            // Created by an earlier, interrupted run: adopt it.
            var existing = await ObserveAsync(context, cancellationToken)
                ?? throw new InvalidOperationException($"IAM role {context.PhysicalName} exists but cannot be read.", ex);
            return await UpdateAsync(context, existing, cancellationToken);
        }

        await context.AfterChangeAsync("iam-role:CreateRole");
        await CheckPolicyAsync(iam, context, repair: true, cancellationToken, justCreated: true);
        return State(role);
    }

    public async Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState observed, CancellationToken cancellationToken)
    {
        var iam = factory.CreateIamClient(context.UserId.ToString());
        var role = await iam.GetRoleAsync(context.PhysicalName, cancellationToken)
            ?? throw new InvalidOperationException($"IAM role {context.PhysicalName} no longer exists.");
        await CheckAsync(iam, context, role, repair: true, cancellationToken);
        return State(role);
    }

    public async Task DeleteAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var iam = factory.CreateIamClient(context.UserId.ToString());
        // IAM refuses to delete a role that still has policies; each removal is its own step.
        if (await iam.DeleteRoleAsync(
                context.PhysicalName, RolePolicy.Name, _ => context.AfterChangeAsync("iam-role:DeleteRolePolicy"), cancellationToken))
        {
            await context.AfterChangeAsync("iam-role:DeleteRole");
        }
    }

    /// <summary>Lists with the platform identity: ListRoles has no resource a user-scoped session could match.</summary>
    public async Task<IReadOnlyList<ManagedResource>> ListManagedAsync(CancellationToken cancellationToken)
    {
        var iam = factory.CreateIamClient(AwsCredentialSource.PlatformIdentity);
        var found = new List<ManagedResource>();
        foreach (var role in await iam.ListRolesAsync(cancellationToken: cancellationToken))
        {
            IReadOnlyDictionary<string, string> tags;
            try
            {
                tags = await iam.ListRoleTagsAsync(role.RoleName, cancellationToken);
            }
            catch (AwsApiException ex) when (ex.IsNotFound || ex.StatusCode == HttpStatusCode.Forbidden)
            {
                // Deleted since it was listed, or a role the platform may not read: tag-scoped
                // permissions only open managed roles, so an unreadable role is not ours.
                continue;
            }

            if (ManagedTags.Describe(Kind, role.RoleName, role.RoleName, tags, engine) is { } managed)
            {
                found.Add(managed);
            }
        }

        return found;
    }

    /// <summary>
    /// Lists what differs from the desired role (Observe), and with <paramref name="repair"/> also puts each
    /// difference right (Update): one place for every rule, so Observe calls up to date exactly what Update leaves alone.
    /// </summary>
    private async Task<List<string>> CheckAsync(IamClient iam, ResourceContext context, IamRoleInfo role, bool repair, CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        if (ResourceTags.Describe(context.Tags, role.Tags) is { } tagDifference)
        {
            differences.Add(tagDifference);
            if (repair)
            {
                await iam.TagRoleAsync(context.PhysicalName, context.Tags, cancellationToken);
                await context.AfterChangeAsync("iam-role:TagRole");
            }
        }

        if (await CheckPolicyAsync(iam, context, repair, cancellationToken) is { } policyDifference)
        {
            differences.Add(policyDifference);
        }

        return differences;
    }

    /// <summary>
    /// The inline policy is put only when it is missing or differs, e.g. after the table was replaced. A role
    /// <paramref name="justCreated"/> by this call holds no policy yet, so it is not looked for.
    /// </summary>
    private async Task<string?> CheckPolicyAsync(
        IamClient iam, ResourceContext context, bool repair, CancellationToken cancellationToken, bool justCreated = false)
    {
        var table = context.Dependency(ResourceKinds.DynamoDbTable);
        var tableArn = table.Arn ?? table.Attribute("arn")
            ?? throw new InvalidOperationException($"{context.LogicalName} needs the table's ARN.");
        var desired = RolePolicy.Build(tableArn, RolePolicy.LogGroupArn(settings.Partition, settings.Region, engine.NamePrefix, context.ProjectId));
        var current = justCreated ? null : await iam.GetRolePolicyAsync(context.PhysicalName, RolePolicy.Name, cancellationToken);
        if (RolePolicy.SameDocument(current, desired))
        {
            return null;
        }

        if (repair)
        {
            await iam.PutRolePolicyAsync(context.PhysicalName, RolePolicy.Name, desired, cancellationToken);
            await context.AfterChangeAsync("iam-role:PutRolePolicy");
        }

        return current is null ? "inline policy missing" : "inline policy";
    }

    private static ResourceState State(IamRoleInfo role) =>
        new(role.RoleName, role.Arn, new Dictionary<string, string> { ["roleName"] = role.RoleName, ["arn"] = role.Arn });
}
