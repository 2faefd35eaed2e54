using Amazon;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>How the AWS resource drivers shape what they create; bound from configuration like <see cref="AwsSettings"/>.</summary>
public sealed class DriverSettings
{
    /// <summary>Region of every resource; used in ARNs and URLs the drivers build themselves.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Managed policy set as permissions boundary on every role, when the account requires one.</summary>
    public string? PermissionsBoundaryArn { get; set; }

    /// <summary>
    /// Whether site buckets get a public-read policy (with Block Public Access removed). Off by default in
    /// real AWS, where a public bucket is a deliberate decision; on against an emulator so sites can be viewed.
    /// </summary>
    public bool PublicSiteBuckets { get; set; }

    /// <summary>Delay between polls while waiting for a table or function to become ready.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for a table or function to become ready (polling, not retrying: each poll is one call).</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>ARN partition of <see cref="Region"/> ("aws", "aws-cn", "aws-us-gov").</summary>
    public string Partition => RegionEndpoint.GetBySystemName(Region).PartitionName ?? "aws";

    /// <summary>Settings matching an AWS connection: same region, public sites only against an emulator.</summary>
    public static DriverSettings For(AwsSettings aws) => new() { Region = aws.Region, PublicSiteBuckets = aws.UsesCustomEndpoint };
}
