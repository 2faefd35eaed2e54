using System.Text.Json;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Engine;

namespace PromptStack.AwsTests.Drivers;

[Collection(MotoCollection.Name)]
public sealed class IamRoleDriverTests(MotoFixture fixture)
{
    private const string TableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/ps-data";
    private readonly DriverKit _kit = new(fixture);

    private IResourceDriver Driver => _kit.Driver(ResourceKinds.IamRole);

    private static Dictionary<string, ResourceState> Table(string arn = TableArn) => new()
    {
        [ResourceKinds.DynamoDbTable] = new ResourceState("ps-data", arn, new Dictionary<string, string> { ["tableName"] = "ps-data", ["arn"] = arn }),
    };

    [Fact]
    public async Task Lifecycle_CreateObserveAdoptDelete_BehavesIdempotently()
    {
        var context = _kit.Context("role", Table());

        var created = await Driver.CreateAsync(context, default);
        var observed = await Driver.ObserveAsync(context, default);
        var adopted = await Driver.CreateAsync(context, default);

        Assert.NotNull(observed);
        Assert.Equal(context.PhysicalName, observed.Attribute("roleName"));
        Assert.Equal(created.Arn, observed.Attribute("arn"));
        Assert.Equal(created.Arn, adopted.Arn);
        Assert.Equal(["iam-role:CreateRole", "iam-role:PutRolePolicy"], _kit.Steps);

        var iam = _kit.Factory.CreateIamClient(_kit.User);
        var role = await iam.GetRoleAsync(context.PhysicalName);
        Assert.Contains("lambda.amazonaws.com", role!.AssumeRolePolicyDocument, StringComparison.Ordinal);
        Assert.Equal(context.Tags, await iam.ListRoleTagsAsync(context.PhysicalName));

        await Driver.DeleteAsync(context, default);
        Assert.Null(await Driver.ObserveAsync(context, default));
        await Driver.DeleteAsync(context, default);
        Assert.Equal(["iam-role:CreateRole", "iam-role:PutRolePolicy", "iam-role:DeleteRolePolicy", "iam-role:DeleteRole"], _kit.Steps);
    }

    [Fact]
    public async Task Create_InlinePolicy_NamesOnlyOwnTableAndProjectLogGroups()
    {
        var context = _kit.Context("role", Table());

        await Driver.CreateAsync(context, default);

        var iam = _kit.Factory.CreateIamClient(_kit.User);
        Assert.Equal([RolePolicy.Name], await iam.ListRolePoliciesAsync(context.PhysicalName));
        using var policy = JsonDocument.Parse((await iam.GetRolePolicyAsync(context.PhysicalName, RolePolicy.Name))!);
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        Assert.Equal(2, statements.Count);
        Assert.Equal(TableArn, statements[0].GetProperty("Resource").GetString());
        Assert.Equal(RolePolicy.TableActions, statements[0].GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal($"arn:aws:logs:us-east-1:*:log-group:/aws/lambda/ps-{_kit.ProjectId.ToString("N")[..8]}-*", statements[1].GetProperty("Resource").GetString());
        Assert.Equal(RolePolicy.LogActions, statements[1].GetProperty("Action").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Create_WithPermissionsBoundary_SetsItOnTheRole()
    {
        const string boundary = "arn:aws:iam::123456789012:policy/promptstack-boundary";
        _kit.Settings.PermissionsBoundaryArn = boundary;
        var context = _kit.Context("role", Table());

        await Driver.CreateAsync(context, default);

        var role = await _kit.Factory.CreateIamClient(_kit.User).GetRoleAsync(context.PhysicalName);
        Assert.Equal(boundary, role!.PermissionsBoundaryArn);
    }

    [Fact]
    public async Task Update_TableChanged_RePutsPolicyOnlyThen()
    {
        var context = _kit.Context("role", Table());
        var created = await Driver.CreateAsync(context, default);
        _kit.Steps.Clear();

        await Driver.UpdateAsync(context, created, default);
        Assert.Empty(_kit.Steps);

        const string otherTable = "arn:aws:dynamodb:us-east-1:123456789012:table/ps-other";
        await Driver.UpdateAsync(context with { Dependencies = Table(otherTable) }, created, default);

        Assert.Equal(["iam-role:PutRolePolicy"], _kit.Steps);
        var document = await _kit.Factory.CreateIamClient(_kit.User).GetRolePolicyAsync(context.PhysicalName, RolePolicy.Name);
        Assert.Contains(otherTable, document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListManaged_TaggedRoles_ReturnsOnlyThisEnvironment()
    {
        var mine = _kit.Context("role", Table());
        var other = _kit.Context("role", Table(), environment: "other");
        await Driver.CreateAsync(mine, default);
        await Driver.CreateAsync(other, default);

        var managed = await Driver.ListManagedAsync(default);

        var found = Assert.Single(managed, m => m.PhysicalId == mine.PhysicalName);
        Assert.Equal((ResourceKinds.IamRole, mine.PhysicalName, _kit.ProjectId, _kit.UserId), (found.Kind, found.Identifier, found.ProjectId, found.UserId));
        Assert.NotNull(found.CreatedAt);
        Assert.DoesNotContain(managed, m => m.PhysicalId == other.PhysicalName);
    }
}
