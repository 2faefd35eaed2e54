using Amazon.S3.Model;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Engine;

namespace PromptStack.AwsTests.Drivers;

[Collection(MotoCollection.Name)]
public sealed class S3BucketDriverTests(MotoFixture fixture)
{
    private readonly DriverKit _kit = new(fixture);

    private IResourceDriver Driver => _kit.Driver(ResourceKinds.S3Bucket);

    [Fact]
    public async Task Lifecycle_CreateObserveAdoptDelete_BehavesIdempotently()
    {
        var context = _kit.Context("site");

        var created = await Driver.CreateAsync(context, default);
        var observed = await Driver.ObserveAsync(context, default);
        var adopted = await Driver.CreateAsync(context, default);

        Assert.NotNull(observed);
        Assert.Equal(context.PhysicalName, observed.Attribute("bucketName"));
        Assert.Equal($"arn:aws:s3:::{context.PhysicalName}", observed.Attribute("arn"));
        Assert.Equal($"{_kit.MotoUrl}/{context.PhysicalName}/index.html", created.Attribute("websiteUrl"));
        Assert.Equal(created.Attributes, adopted.Attributes);
        Assert.Equal(_kit.Steps.Distinct(), _kit.Steps);
        Assert.Contains("s3-bucket:CreateBucket", _kit.Steps);

        using var s3 = _kit.Factory.CreateS3Client(_kit.User);
        var tags = await s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = context.PhysicalName });
        Assert.Equal(context.Tags, tags.TagSet.ToDictionary(t => t.Key, t => t.Value));
        var website = await s3.GetBucketWebsiteAsync(new GetBucketWebsiteRequest { BucketName = context.PhysicalName });
        Assert.Equal(("index.html", "error.html"), (website.WebsiteConfiguration.IndexDocumentSuffix, website.WebsiteConfiguration.ErrorDocument));
        var policy = await s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = context.PhysicalName });
        Assert.Contains($"arn:aws:s3:::{context.PhysicalName}/*", policy.Policy, StringComparison.Ordinal);

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = context.PhysicalName, Key = "index.html", ContentBody = "<h1>hi</h1>" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = context.PhysicalName, Key = "app.js", ContentBody = "1" });
        await Driver.DeleteAsync(context, default);
        Assert.Null(await Driver.ObserveAsync(context, default));
        await Driver.DeleteAsync(context, default);
        Assert.Equal(["s3-bucket:DeleteObjects", "s3-bucket:DeleteBucket"], _kit.Steps.TakeLast(2));
    }

    [Fact]
    public async Task Create_CrashAfterEachStep_RerunCompletesWithSameSteps()
    {
        var clean = _kit.Context("site");
        await Driver.CreateAsync(clean, default);
        var steps = _kit.Steps.ToList();

        foreach (var step in steps)
        {
            var context = _kit.Context("site");
            _kit.CrashAt = step;
            await Assert.ThrowsAsync<OperationCanceledException>(() => Driver.CreateAsync(context, default));
            var observed = await Driver.ObserveAsync(context, default);
            var state = observed is null ? await Driver.CreateAsync(context, default) : await Driver.UpdateAsync(context, observed, default);

            _kit.Steps.Clear();
            await Driver.UpdateAsync(context, state, default);
            Assert.Empty(_kit.Steps);
        }
    }

    [Fact]
    public async Task ListManaged_TaggedBuckets_ReturnsOnlyThisEnvironment()
    {
        var mine = _kit.Context("site");
        var other = _kit.Context("site", environment: "other");
        await Driver.CreateAsync(mine, default);
        await Driver.CreateAsync(other, default);

        var managed = await Driver.ListManagedAsync(default);

        var found = Assert.Single(managed, m => m.PhysicalId == mine.PhysicalName);
        Assert.Equal((mine.PhysicalName, _kit.ProjectId, _kit.UserId), (found.Identifier, found.ProjectId, found.UserId));
        Assert.DoesNotContain(managed, m => m.PhysicalId == other.PhysicalName);
    }
}
