using Amazon.S3;
using Amazon.S3.Model;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>Empties a bucket: every object version and delete marker, so even a versioned bucket can then be deleted.</summary>
internal static class BucketContents
{
    /// <summary>
    /// Deletes in batches of up to 1000 (the DeleteObjects limit), calling <paramref name="afterBatch"/> with the
    /// batch size after each one. Always lists from the start again, so deleting never disturbs the paging.
    /// Returns the number deleted, or null when the bucket does not exist.
    /// </summary>
    public static async Task<int?> EmptyAsync(
        AmazonS3Client s3, string bucket, Func<int, Task> afterBatch, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            ListVersionsResponse page;
            try
            {
                page = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket, MaxKeys = 1000 }, cancellationToken);
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
            {
                return null;
            }

            var batch = (page.Versions ?? []).Select(v => new KeyVersion { Key = v.Key, VersionId = v.VersionId }).ToList();
            if (batch.Count == 0)
            {
                return total;
            }

            var result = await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = batch, Quiet = true }, cancellationToken);
            if (result.DeleteErrors is { Count: > 0 } errors)
            {
                throw new InvalidOperationException($"Could not delete {errors.Count} objects from bucket {bucket}: {errors[0].Code} {errors[0].Message}");
            }

            total += batch.Count;
            await afterBatch(batch.Count);
        }
    }
}
