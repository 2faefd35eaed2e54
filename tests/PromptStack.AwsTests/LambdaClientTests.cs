using System.Security.Cryptography;
using PromptStack.Provisioning.Aws;

namespace PromptStack.AwsTests;

[Collection(MotoCollection.Name)]
public sealed class LambdaClientTests(MotoFixture fixture)
{
    private readonly LambdaClient _lambda = fixture.Factory.CreateLambdaClient(MotoFixture.UserId);

    private async Task<LambdaFunctionInfo> CreateAsync(string name, IReadOnlyDictionary<string, string>? tags = null) =>
        await _lambda.CreateFunctionAsync(new LambdaCreateFunctionRequest
        {
            FunctionName = name,
            ZipFile = MotoFixture.Zip(),
            RoleArn = await fixture.CreateLambdaRoleAsync(),
            Environment = new Dictionary<string, string> { ["TABLE"] = "t1" },
            MemorySize = 256,
            Timeout = 15,
            Tags = tags,
        });

    [Fact]
    public async Task CreateFunction_WithSettings_GetFunctionReturnsThem()
    {
        var name = MotoFixture.Unique("fn");
        var zip = MotoFixture.Zip();

        var created = await CreateAsync(name);
        var fetched = await _lambda.GetFunctionAsync(name);

        Assert.NotNull(fetched);
        Assert.Equal(created.FunctionArn, fetched.FunctionArn);
        Assert.EndsWith($":function:{name}", fetched.FunctionArn, StringComparison.Ordinal);
        Assert.Equal("nodejs20.x", fetched.Runtime);
        Assert.Equal("index.handler", fetched.Handler);
        Assert.Equal(256, fetched.MemorySize);
        Assert.Equal(15, fetched.Timeout);
        Assert.Equal("t1", fetched.Environment["TABLE"]);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(zip)), fetched.CodeSha256);
        Assert.Equal("Active", fetched.State);
    }

    [Fact]
    public async Task CreateFunction_WithTags_ListTagsAndGetFunctionReturnThem()
    {
        var name = MotoFixture.Unique("fn");
        var tags = new Dictionary<string, string> { ["UserId"] = MotoFixture.UserId, ["ManagedBy"] = "promptstack" };

        var created = await CreateAsync(name, tags);

        Assert.Equal(tags, await _lambda.ListTagsAsync(created.FunctionArn));
        Assert.Equal(tags, (await _lambda.GetFunctionAsync(name))!.Tags);
    }

    [Fact]
    public async Task GetFunction_Missing_ReturnsNull()
    {
        Assert.Null(await _lambda.GetFunctionAsync(MotoFixture.Unique("missing")));
    }

    [Fact]
    public async Task DeleteFunction_Existing_RemovesIt()
    {
        var name = MotoFixture.Unique("fn");
        await CreateAsync(name);

        await _lambda.DeleteFunctionAsync(name);

        Assert.Null(await _lambda.GetFunctionAsync(name));
    }

    [Fact]
    public async Task DeleteFunction_Missing_Succeeds()
    {
        await _lambda.DeleteFunctionAsync(MotoFixture.Unique("missing"));
    }

    [Fact]
    public async Task UpdateFunctionCode_NewZip_ChangesCodeSha256()
    {
        var name = MotoFixture.Unique("fn");
        var created = await CreateAsync(name);
        var newZip = MotoFixture.Zip("exports.handler = async () => ({ statusCode: 201 });");

        await _lambda.UpdateFunctionCodeAsync(name, newZip);
        var updated = await _lambda.WaitUntilUpdatedAsync(name, TimeSpan.FromSeconds(30));

        Assert.NotEqual(created.CodeSha256, updated.CodeSha256);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(newZip)), updated.CodeSha256);
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_NewValues_AreReturnedByGetFunction()
    {
        var name = MotoFixture.Unique("fn");
        await CreateAsync(name);

        await _lambda.UpdateFunctionConfigurationAsync(name, new LambdaConfigurationUpdate
        {
            Environment = new Dictionary<string, string> { ["TABLE"] = "t2", ["BUCKET"] = "b" },
            MemorySize = 512,
            Timeout = 30,
        });
        var fetched = await _lambda.WaitUntilUpdatedAsync(name, TimeSpan.FromSeconds(30));

        Assert.Equal(512, fetched.MemorySize);
        Assert.Equal(30, fetched.Timeout);
        Assert.Equal(new Dictionary<string, string> { ["TABLE"] = "t2", ["BUCKET"] = "b" }, fetched.Environment);
    }

    [Fact]
    public async Task AddPermission_CalledTwice_Succeeds()
    {
        var name = MotoFixture.Unique("fn");
        await CreateAsync(name);
        const string sourceArn = "arn:aws:execute-api:us-east-1:123456789012:abc123/*";

        await _lambda.AddPermissionAsync(name, "apigateway-invoke", sourceArn);
        await _lambda.AddPermissionAsync(name, "apigateway-invoke", sourceArn);
    }

    [Fact]
    public async Task AddPermission_MissingFunction_ThrowsNotFound()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() =>
            _lambda.AddPermissionAsync(MotoFixture.Unique("missing"), "s1", "arn:aws:execute-api:us-east-1:123456789012:x/*"));

        Assert.True(ex.IsNotFound);
        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
    }

    [Fact]
    public async Task ListFunctions_AfterCreate_ContainsFunction()
    {
        var name = MotoFixture.Unique("fn");
        var created = await CreateAsync(name);

        var all = await _lambda.ListFunctionsAsync();

        Assert.Contains(all, f => f.FunctionName == name && f.FunctionArn == created.FunctionArn);
    }

    [Fact]
    public async Task WaitUntilActive_NewFunction_ReturnsActive()
    {
        var name = MotoFixture.Unique("fn");
        await CreateAsync(name);

        var function = await _lambda.WaitUntilActiveAsync(name, TimeSpan.FromSeconds(30));

        Assert.Equal("Active", function.State);
    }

    [Fact]
    public async Task WaitUntilActive_MissingFunction_Throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _lambda.WaitUntilActiveAsync(MotoFixture.Unique("missing"), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task CreateFunction_RoleDoesNotExist_ThrowsTransientError()
    {
        var ex = await Assert.ThrowsAsync<AwsApiException>(() => _lambda.CreateFunctionAsync(new LambdaCreateFunctionRequest
        {
            FunctionName = MotoFixture.Unique("fn"),
            ZipFile = MotoFixture.Zip(),
            RoleArn = "arn:aws:iam::123456789012:role/" + MotoFixture.Unique("norole"),
        }));

        Assert.Equal("InvalidParameterValueException", ex.ErrorCode);
        Assert.True(ex.IsTransient);
        Assert.Equal("lambda", ex.Service);
    }

    [Fact]
    public async Task CreateFunction_AlreadyExists_ThrowsNonTransientConflict()
    {
        var name = MotoFixture.Unique("fn");
        await CreateAsync(name);

        var ex = await Assert.ThrowsAsync<AwsApiException>(() => CreateAsync(name));

        Assert.Equal("ResourceConflictException", ex.ErrorCode);
        Assert.True(ex.IsAlreadyExists);
        Assert.False(ex.IsTransient);
    }
}
