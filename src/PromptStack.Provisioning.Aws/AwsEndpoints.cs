using Amazon;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Endpoint and signing-region rules for the services the typed clients call, since without the
/// service SDK packages nothing resolves them for us.
/// </summary>
public static class AwsEndpoints
{
    public static (Uri Endpoint, RegionEndpoint SigningRegion) Lambda(AwsSettings settings) =>
        Regional(settings, "lambda");

    // API Gateway v2 shares the "apigateway" host and signing name with v1; the /v2 path selects the API.
    public static (Uri Endpoint, RegionEndpoint SigningRegion) ApiGateway(AwsSettings settings) =>
        Regional(settings, "apigateway");

    /// <summary>IAM is global: one endpoint per partition, signed for that partition's home region.</summary>
    public static (Uri Endpoint, RegionEndpoint SigningRegion) Iam(AwsSettings settings)
    {
        var region = settings.RegionEndpoint;
        if (settings.UsesCustomEndpoint)
        {
            return (new Uri(settings.EndpointUrl!), region);
        }

        return region.PartitionName switch
        {
            "aws-cn" => (new Uri("https://iam.cn-north-1.amazonaws.com.cn"), RegionEndpoint.CNNorth1),
            "aws-us-gov" => (new Uri("https://iam.us-gov.amazonaws.com"), RegionEndpoint.USGovCloudWest1),
            _ => (new Uri("https://iam.amazonaws.com"), RegionEndpoint.USEast1),
        };
    }

    private static (Uri Endpoint, RegionEndpoint SigningRegion) Regional(AwsSettings settings, string hostPrefix)
    {
        var region = settings.RegionEndpoint;
        if (settings.UsesCustomEndpoint)
        {
            return (new Uri(settings.EndpointUrl!), region);
        }

        var suffix = string.IsNullOrEmpty(region.PartitionDnsSuffix) ? "amazonaws.com" : region.PartitionDnsSuffix;
        return (new Uri($"https://{hostPrefix}.{region.SystemName}.{suffix}"), region);
    }
}
