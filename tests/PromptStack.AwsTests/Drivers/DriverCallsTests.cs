using System.Diagnostics.Metrics;
using Amazon.S3.Model;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Engine;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.AwsTests.Drivers;

/// <summary>
/// The AWS calls the drivers make, as the platform counts them (its call-duration instrument): none spent looking at
/// what cannot be there (IAM and the control planes are throttled per account). In the common case, nothing changed
/// by hand since the platform made the resource, a bucket, table and role are deleted without being looked at first;
/// whatever was added by hand is still removed, at the cost of the calls that find it. A role or HTTP API just created
/// is not looked at again for the policy, integration, route or stage it cannot have yet.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class DriverCallsTests : IDisposable
{
    // Only the calls made in the flow of CallsOfAsync are counted: other tests record to the same process-wide instrument.
    private static readonly AsyncLocal<List<string>?> Recording = new();
    private readonly DriverKit _kit;
    private readonly MeterListener _listener = new();

    public DriverCallsTests(MotoFixture fixture)
    {
        _kit = new DriverKit(fixture);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PlatformTelemetry.Name && instrument.Name == "promptstack.aws.call.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            if (Recording.Value is { } calls)
            {
                var named = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
                lock (calls)
                {
                    calls.Add($"{named["service"]} {named["operation"]}");
                }
            }
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Create_RoleAndHttpApi_WritesWithoutLookingForWhatTheyCannotHaveYet()
    {
        var table = await _kit.Driver(ResourceKinds.DynamoDbTable).CreateAsync(_kit.Context("data"), default);
        var role = _kit.Context("role", new Dictionary<string, ResourceState> { [ResourceKinds.DynamoDbTable] = table });

        Assert.Equal(["iam CreateRole", "iam PutRolePolicy"], await CallsOfAsync(() => _kit.Driver(ResourceKinds.IamRole).CreateAsync(role, default)));

        var deps = await _kit.FunctionStackAsync();
        var api = _kit.Context("http", deps);
        var calls = await CallsOfAsync(() => _kit.Driver(ResourceKinds.HttpApi).CreateAsync(api, default));

        Assert.DoesNotContain(calls, c => c.StartsWith("apigateway GET /apis/{id}", StringComparison.Ordinal));
        Assert.Equal(["POST /apis", "POST /apis/{id}/integrations", "POST /apis/{id}/routes", "POST /apis/{id}/stages"],
            calls.Where(c => c.StartsWith("apigateway POST", StringComparison.Ordinal)).Select(c => c["apigateway ".Length..]));
        var observed = await _kit.Driver(ResourceKinds.HttpApi).ObserveAsync(api, default);
        Assert.NotNull(observed);
        Assert.Empty(observed.Differences);
    }

    [Fact]
    public async Task Delete_BucketTableAndRoleAsMade_OneCallEachAndTwoForTheRole()
    {
        var (table, role) = await TableAndRoleAsync();
        var bucket = _kit.Context("site");
        await _kit.Driver(ResourceKinds.S3Bucket).CreateAsync(bucket, default);

        Assert.Equal(["s3 DeleteBucket"], await CallsOfAsync(() => _kit.Driver(ResourceKinds.S3Bucket).DeleteAsync(bucket, default)));
        Assert.Equal(["iam DeleteRolePolicy", "iam DeleteRole"], await CallsOfAsync(() => _kit.Driver(ResourceKinds.IamRole).DeleteAsync(role, default)));
        Assert.Equal(["dynamodb DeleteTable"], await CallsOfAsync(() => _kit.Driver(ResourceKinds.DynamoDbTable).DeleteAsync(table, default)));

        foreach (var (kind, context) in new[] { (ResourceKinds.S3Bucket, bucket), (ResourceKinds.IamRole, role), (ResourceKinds.DynamoDbTable, table) })
        {
            Assert.Null(await _kit.Driver(kind).ObserveAsync(context, default));
        }

        Assert.Equal(["s3-bucket:DeleteBucket", "iam-role:DeleteRolePolicy", "iam-role:DeleteRole", "dynamodb-table:DeleteTable"], _kit.Steps.TakeLast(4));
    }

    [Fact]
    public async Task Delete_RoleWithAPolicyPutByHand_RemovesBothPoliciesAndTheRole()
    {
        var (_, role) = await TableAndRoleAsync();
        var iam = _kit.Factory.CreateIamClient(_kit.User);
        await iam.PutRolePolicyAsync(role.PhysicalName, "added-by-hand", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""");

        var calls = await CallsOfAsync(() => _kit.Driver(ResourceKinds.IamRole).DeleteAsync(role, default));

        Assert.Null(await iam.GetRoleAsync(role.PhysicalName));
        Assert.Equal(
            ["iam DeleteRolePolicy", "iam DeleteRole", "iam ListRolePolicies", "iam DeleteRolePolicy", "iam ListAttachedRolePolicies", "iam DeleteRole"],
            calls);
        Assert.Equal(["iam-role:DeleteRolePolicy", "iam-role:DeleteRolePolicy", "iam-role:DeleteRole"], _kit.Steps.TakeLast(3));
    }

    [Fact]
    public async Task Delete_BucketStillHoldingFiles_EmptiesItThenDeletesIt()
    {
        var bucket = _kit.Context("site");
        await _kit.Driver(ResourceKinds.S3Bucket).CreateAsync(bucket, default);
        using var s3 = _kit.Factory.CreateS3Client(_kit.User);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket.PhysicalName, Key = "index.html", ContentBody = "<h1>left</h1>" });

        var calls = await CallsOfAsync(() => _kit.Driver(ResourceKinds.S3Bucket).DeleteAsync(bucket, default));

        Assert.Null(await _kit.Driver(ResourceKinds.S3Bucket).ObserveAsync(bucket, default));
        Assert.Equal(["s3 DeleteBucket", "s3 GetBucketVersions", "s3 DeleteObjects", "s3 GetBucketVersions", "s3 DeleteBucket"], calls);
    }

    [Fact]
    public async Task Delete_AlreadyGone_OneCallEachAndNoChangeRecorded()
    {
        var steps = _kit.Steps.Count;

        foreach (var (kind, calls) in new[]
        {
            (ResourceKinds.S3Bucket, new[] { "s3 DeleteBucket" }),
            (ResourceKinds.DynamoDbTable, ["dynamodb DeleteTable"]),
            (ResourceKinds.IamRole, ["iam DeleteRolePolicy", "iam DeleteRole"]),
        })
        {
            Assert.Equal(calls, await CallsOfAsync(() => _kit.Driver(kind).DeleteAsync(_kit.Context("never-made"), default)));
        }

        Assert.Equal(steps, _kit.Steps.Count);
    }

    /// <summary>A table and its role as the platform makes them; their contexts, which name them.</summary>
    private async Task<(ResourceContext Table, ResourceContext Role)> TableAndRoleAsync()
    {
        var table = _kit.Context("data");
        var state = await _kit.Driver(ResourceKinds.DynamoDbTable).CreateAsync(table, default);
        var role = _kit.Context("role", new Dictionary<string, ResourceState> { [ResourceKinds.DynamoDbTable] = state });
        await _kit.Driver(ResourceKinds.IamRole).CreateAsync(role, default);
        return (table, role);
    }

    private static async Task<List<string>> CallsOfAsync(Func<Task> action)
    {
        var calls = new List<string>();
        Recording.Value = calls;
        await action();
        return calls;
    }
}
