namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>Where a site bucket's website is served.</summary>
internal static class SiteWebsite
{
    public const string IndexDocument = "index.html";
    public const string ErrorDocument = "error.html";

    // Regions whose website endpoints use "s3-website-<region>"; every newer region uses "s3-website.<region>".
    private static readonly HashSet<string> DashRegions = new(StringComparer.Ordinal)
    {
        "us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
        "sa-east-1", "us-gov-west-1",
    };

    /// <summary>
    /// The S3 website endpoint; an emulator serves no website host, so there the index document is
    /// addressed path-style on the emulator itself.
    /// </summary>
    public static string Url(string bucket, string region, string? emulatorEndpoint)
    {
        if (!string.IsNullOrWhiteSpace(emulatorEndpoint))
        {
            return $"{emulatorEndpoint.TrimEnd('/')}/{bucket}/{IndexDocument}";
        }

        var separator = DashRegions.Contains(region) ? "-" : ".";
        return $"http://{bucket}.s3-website{separator}{region}.amazonaws.com";
    }
}
