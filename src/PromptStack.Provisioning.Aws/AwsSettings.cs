using Amazon;
using Amazon.Runtime;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Where and as whom PromptStack talks to AWS. Bound from configuration, so everything is a plain settable string.
/// </summary>
public sealed class AwsSettings
{
    /// <summary>Region every client uses (and signs for, except the global IAM endpoint).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// Optional emulator URL (moto, LocalStack). When set, every client - SDK and typed - is sent there,
    /// because an emulator serves all services on one port and dispatches on the signed service name.
    /// </summary>
    public string? EndpointUrl { get; set; }

    /// <summary>Role assumed per user; when empty the process' own credentials are used directly.</summary>
    public string? RoleArn { get; set; }

    /// <summary>ExternalId required by the role's trust policy (guards against the confused-deputy problem).</summary>
    public string? ExternalId { get; set; }

    /// <summary>Environment name (for example "local", "prod"), used by callers in names and tags.</summary>
    public string Environment { get; set; } = "local";

    /// <summary>Value of the ManagedBy tag put on every resource, so orphans can be found and cleaned up.</summary>
    public string ManagedBy { get; set; } = "promptstack";

    /// <summary>True when talking to an emulator rather than real AWS.</summary>
    public bool UsesCustomEndpoint => !string.IsNullOrWhiteSpace(EndpointUrl);

    public RegionEndpoint RegionEndpoint => RegionEndpoint.GetBySystemName(Region);

    /// <summary>
    /// Applies region and endpoint to an SDK client config, so the SDK clients and the STS client
    /// share one rule for where requests go.
    /// </summary>
    public void ApplyTo(ClientConfig config)
    {
        if (UsesCustomEndpoint)
        {
            // ServiceURL replaces the regional endpoint; AuthenticationRegion keeps the signature scoped to the region.
            config.ServiceURL = EndpointUrl;
            config.AuthenticationRegion = Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint;
        }
    }
}
