using System.Text.Json;
using PromptStack.Provisioning.Aws;

namespace PromptStack.AwsTests;

[Collection(MotoCollection.Name)]
public sealed class IamClientTests(MotoFixture fixture)
{
    private const string Policy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/t 1"}]}""";

    private readonly IamClient _iam = fixture.Factory.CreateIamClient(MotoFixture.UserId);
    private readonly Dictionary<string, string> _tags = new() { ["UserId"] = MotoFixture.UserId, ["ManagedBy"] = "promptstack" };

    private static void AssertSameJson(string expected, string? actual)
    {
        Assert.NotNull(actual);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement), actual);
    }

    [Fact]
    public async Task CreateRole_WithTagsAndBoundary_GetRoleReturnsThem()
    {
        var name = MotoFixture.Unique("role");
        const string boundary = "arn:aws:iam::123456789012:policy/promptstack-boundary";

        var created = await _iam.CreateRoleAsync(name, _tags, boundary);
        var fetched = await _iam.GetRoleAsync(name);

        Assert.NotNull(fetched);
        Assert.Equal(created.Arn, fetched.Arn);
        Assert.EndsWith($":role/{name}", fetched.Arn, StringComparison.Ordinal);
        Assert.Equal(_tags, fetched.Tags);
        Assert.Equal(boundary, fetched.PermissionsBoundaryArn);
        AssertSameJson(IamClient.LambdaAssumeRolePolicy, fetched.AssumeRolePolicyDocument);
    }

    [Fact]
    public async Task GetRole_Missing_ReturnsNull()
    {
        Assert.Null(await _iam.GetRoleAsync(MotoFixture.Unique("missing")));
    }

    [Fact]
    public async Task PutRolePolicy_Then_GetAndListReturnIt()
    {
        var name = MotoFixture.Unique("role");
        await _iam.CreateRoleAsync(name, _tags);

        await _iam.PutRolePolicyAsync(name, "data-access", Policy);

        AssertSameJson(Policy, await _iam.GetRolePolicyAsync(name, "data-access"));
        Assert.Equal(["data-access"], await _iam.ListRolePoliciesAsync(name));
    }

    [Fact]
    public async Task GetRolePolicy_Missing_ReturnsNull()
    {
        var name = MotoFixture.Unique("role");
        await _iam.CreateRoleAsync(name, _tags);

        Assert.Null(await _iam.GetRolePolicyAsync(name, "nope"));
    }

    [Fact]
    public async Task DeleteRolePolicy_Existing_RemovesIt()
    {
        var name = MotoFixture.Unique("role");
        await _iam.CreateRoleAsync(name, _tags);
        await _iam.PutRolePolicyAsync(name, "p1", Policy);

        await _iam.DeleteRolePolicyAsync(name, "p1");

        Assert.Empty(await _iam.ListRolePoliciesAsync(name));
    }

    [Fact]
    public async Task DeleteRolePolicy_Missing_Succeeds()
    {
        var name = MotoFixture.Unique("role");
        await _iam.CreateRoleAsync(name, _tags);

        await _iam.DeleteRolePolicyAsync(name, "nope");
        await _iam.DeleteRolePolicyAsync(MotoFixture.Unique("missing"), "nope");
    }

    [Fact]
    public async Task DeleteRole_WithInlinePolicies_RemovesRole()
    {
        var name = MotoFixture.Unique("role");
        await _iam.CreateRoleAsync(name, _tags);
        await _iam.PutRolePolicyAsync(name, "p1", Policy);
        await _iam.PutRolePolicyAsync(name, "p2", Policy);

        var removed = new List<string>();

        Assert.True(await _iam.DeleteRoleAsync(name, afterPolicyDeleted: policy => { removed.Add(policy); return Task.CompletedTask; }));

        Assert.Null(await _iam.GetRoleAsync(name));
        Assert.Equal(["p1", "p2"], removed.Order());
    }

    [Fact]
    public async Task DeleteRole_Missing_SucceedsAndSaysItWasGone()
    {
        Assert.False(await _iam.DeleteRoleAsync(MotoFixture.Unique("missing")));
    }

    [Fact]
    public async Task ListRoles_WithPathPrefixAndSmallPages_ReturnsAllRolesUnderPath()
    {
        var path = $"/{MotoFixture.Unique("ps")}/";
        var names = new[] { MotoFixture.Unique("role"), MotoFixture.Unique("role"), MotoFixture.Unique("role") };
        foreach (var name in names)
        {
            await _iam.CreateRoleAsync(name, _tags, path: path);
        }

        await _iam.CreateRoleAsync(MotoFixture.Unique("other"), _tags);
        _iam.PageSize = 1;

        var roles = await _iam.ListRolesAsync(path);

        Assert.Equal(names.Order(StringComparer.Ordinal), roles.Select(r => r.RoleName).Order(StringComparer.Ordinal));
        Assert.All(roles, r => Assert.Equal(path, r.Path));
    }

    [Fact]
    public async Task ListRoleTags_TaggedRole_ReturnsTags()
    {
        var name = MotoFixture.Unique("role");
        await _iam.CreateRoleAsync(name, _tags);

        Assert.Equal(_tags, await _iam.ListRoleTagsAsync(name));
    }

    [Fact]
    public async Task ListRoleTags_MissingRole_ThrowsNoSuchEntity()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => _iam.ListRoleTagsAsync(MotoFixture.Unique("missing")));

        Assert.Equal("NoSuchEntity", ex.ErrorCode);
        Assert.True(ex.IsNotFound);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task CreateRole_Twice_ThrowsEntityAlreadyExists()
    {
        var name = MotoFixture.Unique("role");
        await _iam.CreateRoleAsync(name, _tags);

        var ex = await Assert.ThrowsAsync<AwsApiException>(() => _iam.CreateRoleAsync(name, _tags));

        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
        Assert.True(ex.IsAlreadyExists);
    }
}
