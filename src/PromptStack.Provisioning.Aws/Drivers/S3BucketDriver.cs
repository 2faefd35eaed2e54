using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>The site bucket: website hosting with index.html/error.html, publicly readable only when configured so.</summary>
public sealed class S3BucketDriver(AwsClientFactory factory, EngineOptions engine, DriverSettings settings) : IResourceDriver
{
    public string Kind => ResourceKinds.S3Bucket;

    public async Task<ResourceState?> ObserveAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        using var s3 = factory.CreateS3Client(context.UserId.ToString());
        try
        {
            await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = context.PhysicalName }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        // A 403 (someone else's bucket under our name) propagates: that is a failure, not "missing".
        return State(context.PhysicalName) with { Differences = await CheckConfigurationAsync(s3, context, repair: false, cancellationToken) };
    }

    public async Task<ResourceState> CreateAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        // In us-east-1 CreateBucket on a bucket you own succeeds again (and resets its ACL) instead of
        // answering BucketAlreadyOwnedByYou, so adoption has to look first.
        if (await ObserveAsync(context, cancellationToken) is { } existing)
        {
            return await UpdateAsync(context, existing, cancellationToken);
        }

        using var s3 = factory.CreateS3Client(context.UserId.ToString());
        try
        {
            // Tags go into CreateBucket itself, so the bucket is never untagged (us-east-1 takes no location constraint).
            await s3.PutBucketAsync(new PutBucketRequest
            {
                BucketName = context.PhysicalName,
                PutBucketConfiguration = new PutBucketConfiguration { Tags = [.. context.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value })] },
            }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "BucketAlreadyOwnedByYou")
        {
            // Created by an earlier, interrupted run: adopt it.
            return await UpdateAsync(context, State(context.PhysicalName), cancellationToken);
        }

        await context.AfterChangeAsync("s3-bucket:CreateBucket");
        await CheckConfigurationAsync(s3, context, repair: true, cancellationToken);
        return State(context.PhysicalName);
    }

    public async Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState observed, CancellationToken cancellationToken)
    {
        using var s3 = factory.CreateS3Client(context.UserId.ToString());
        await CheckConfigurationAsync(s3, context, repair: true, cancellationToken);
        return State(context.PhysicalName);
    }

    public async Task DeleteAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        using var s3 = factory.CreateS3Client(context.UserId.ToString());
        try
        {
            // Usually empty already (a destroy is refused while an app is deployed), so deleted in one call; S3 refuses a
            // bucket that still holds objects, which are then deleted first.
            try
            {
                await s3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = context.PhysicalName }, cancellationToken);
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "BucketNotEmpty")
            {
                if (await BucketContents.EmptyAsync(s3, context.PhysicalName, _ => context.AfterChangeAsync("s3-bucket:DeleteObjects"), cancellationToken) is null)
                {
                    return;
                }

                await s3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = context.PhysicalName }, cancellationToken);
            }
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            return;
        }

        await context.AfterChangeAsync("s3-bucket:DeleteBucket");
    }

    /// <summary>
    /// Lists with the platform identity (ListBuckets has no resource a user-scoped session could match), only
    /// buckets of the configured region, whose tags can be read from this regional endpoint.
    /// </summary>
    public async Task<IReadOnlyList<ManagedResource>> ListManagedAsync(CancellationToken cancellationToken)
    {
        using var s3 = factory.CreateS3Client(AwsCredentialSource.PlatformIdentity);
        var found = new List<ManagedResource>();
        string? token = null;
        do
        {
            var page = await s3.ListBucketsAsync(new ListBucketsRequest { BucketRegion = settings.Region, ContinuationToken = token }, cancellationToken);
            foreach (var bucket in page.Buckets ?? [])
            {
                var tags = await TagsAsync(s3, bucket.BucketName, cancellationToken);
                if (tags is not null && ManagedTags.Describe(Kind, bucket.BucketName, bucket.BucketName, tags, engine) is { } managed)
                {
                    found.Add(managed);
                }
            }

            token = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(token));

        return found;
    }

    /// <summary>
    /// Each setting is read and compared; what differs is listed (Observe) and, with <paramref name="repair"/>,
    /// written, one step per write (Update). One place for every rule, so Observe calls up to date exactly what
    /// Update leaves alone.
    /// </summary>
    private async Task<List<string>> CheckConfigurationAsync(AmazonS3Client s3, ResourceContext context, bool repair, CancellationToken cancellationToken)
    {
        var bucket = context.PhysicalName;
        var differences = new List<string>();

        // Real S3 applies CreateBucket's tags; emulators (moto) ignore them, so they are put right after.
        var tags = await TagsAsync(s3, bucket, cancellationToken) ?? [];
        if (ResourceTags.Describe(context.Tags, tags) is { } tagDifference)
        {
            differences.Add(tagDifference);
            if (repair)
            {
                // PutBucketTagging replaces the whole set: keep tags someone else added.
                var merged = new Dictionary<string, string>(tags, StringComparer.Ordinal);
                foreach (var tag in context.Tags)
                {
                    merged[tag.Key] = tag.Value;
                }

                await s3.PutBucketTaggingAsync(new PutBucketTaggingRequest
                {
                    BucketName = bucket,
                    TagSet = [.. merged.Select(t => new Tag { Key = t.Key, Value = t.Value })],
                }, cancellationToken);
                await context.AfterChangeAsync("s3-bucket:PutBucketTagging");
            }
        }

        var website = await OptionalAsync(ct => s3.GetBucketWebsiteAsync(new GetBucketWebsiteRequest { BucketName = bucket }, ct), cancellationToken);
        if (website?.WebsiteConfiguration is not { IndexDocumentSuffix: SiteWebsite.IndexDocument, ErrorDocument: SiteWebsite.ErrorDocument })
        {
            differences.Add("website configuration");
            if (repair)
            {
                await s3.PutBucketWebsiteAsync(new PutBucketWebsiteRequest
                {
                    BucketName = bucket,
                    WebsiteConfiguration = new WebsiteConfiguration { IndexDocumentSuffix = SiteWebsite.IndexDocument, ErrorDocument = SiteWebsite.ErrorDocument },
                }, cancellationToken);
                await context.AfterChangeAsync("s3-bucket:PutBucketWebsite");
            }
        }

        if (settings.PublicSiteBuckets)
        {
            await CheckPublicReadAsync(s3, context, differences, repair, cancellationToken);
        }

        return differences;
    }

    /// <summary>Block Public Access (on by default for new buckets) would reject the public policy, so it goes first.</summary>
    private async Task CheckPublicReadAsync(
        AmazonS3Client s3, ResourceContext context, List<string> differences, bool repair, CancellationToken cancellationToken)
    {
        var bucket = context.PhysicalName;
        var block = await OptionalAsync(ct => s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }, ct), cancellationToken);
        if (block?.PublicAccessBlockConfiguration is { } config
            && (config.BlockPublicAcls == true || config.BlockPublicPolicy == true || config.IgnorePublicAcls == true || config.RestrictPublicBuckets == true))
        {
            differences.Add("public access block");
            if (repair)
            {
                await s3.DeletePublicAccessBlockAsync(new DeletePublicAccessBlockRequest { BucketName = bucket }, cancellationToken);
                await context.AfterChangeAsync("s3-bucket:DeletePublicAccessBlock");
            }
        }

        var desired = PublicReadPolicy(bucket);
        var current = await OptionalAsync(ct => s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket }, ct), cancellationToken);
        // A bucket without a policy may come back as a "policy" holding the XML error body (SDK + moto): not JSON, not ours.
        var currentPolicy = current?.Policy is { } text && text.TrimStart().StartsWith('{') ? text : null;
        if (!RolePolicy.SameDocument(currentPolicy, desired))
        {
            differences.Add("public-read bucket policy");
            if (repair)
            {
                await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = desired }, cancellationToken);
                await context.AfterChangeAsync("s3-bucket:PutBucketPolicy");
            }
        }
    }

    private string PublicReadPolicy(string bucket) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new[]
        {
            new { Sid = "PublicReadForWebsite", Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = $"{Arn(bucket)}/*" },
        },
    });

    /// <summary>The bucket's tags; empty when it has none, null when they cannot be read (gone, not ours, other region).</summary>
    private async Task<Dictionary<string, string>?> TagsAsync(AmazonS3Client s3, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }, cancellationToken);
            return (response.TagSet ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchTagSet")
        {
            return [];
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.MovedPermanently)
        {
            return null;
        }
    }

    /// <summary>A bucket sub-configuration, or null when the bucket has none (S3 answers 404 with a NoSuch... code).</summary>
    private async Task<T?> OptionalAsync<T>(Func<CancellationToken, Task<T>> get, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await get(cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
    }

    private string Arn(string bucket) => $"arn:{settings.Partition}:s3:::{bucket}";

    private ResourceState State(string bucket) => new(bucket, Arn(bucket), new Dictionary<string, string>
    {
        ["bucketName"] = bucket,
        ["arn"] = Arn(bucket),
        ["websiteUrl"] = SiteWebsite.Url(bucket, settings.Region, factory.Settings.EndpointUrl),
    });
}
