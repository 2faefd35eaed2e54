using Amazon.S3.Model;
using PromptStack.Blueprints;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>Makes a bucket hold exactly the given files: uploads them with their content types, then removes the rest.</summary>
internal static class SiteUpload
{
    public static async Task ReplaceAsync(
        AwsClientFactory factory, ApplicationContext context, string bucket, IReadOnlyList<GeneratedFile> files,
        CancellationToken cancellationToken)
    {
        using var s3 = factory.CreateS3Client(context.UserId.ToString());
        foreach (var file in files)
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = file.Path,
                ContentBody = file.Content,
                ContentType = file.ContentType,
                Headers = { CacheControl = "no-cache" },
            }, cancellationToken);
            await context.AfterChangeAsync("deploy:PutObject");
        }

        var wanted = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var stale = new List<KeyVersion>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = bucket, ContinuationToken = token }, cancellationToken);
            stale.AddRange((page.S3Objects ?? []).Where(o => !wanted.Contains(o.Key)).Select(o => new KeyVersion { Key = o.Key }));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        foreach (var batch in stale.Chunk(1000))
        {
            await s3.DeleteObjectsAsync(
                new DeleteObjectsRequest { BucketName = bucket, Objects = [.. batch], Quiet = true }, cancellationToken);
            await context.AfterChangeAsync("deploy:DeleteObjects");
        }

        await context.LogAsync(stale.Count == 0
            ? $"Uploaded {files.Count} files to bucket {bucket}."
            : $"Uploaded {files.Count} files to bucket {bucket} and removed {stale.Count} files of the previous version.");
    }
}
