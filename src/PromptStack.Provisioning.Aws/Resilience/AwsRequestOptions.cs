using Amazon;
using Amazon.Runtime;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>What the handlers below a SigV4 client need to know about a request, carried on the request itself.</summary>
public static class AwsRequestOptions
{
    public static readonly HttpRequestOptionsKey<SigV4Signing> Signing = new("PromptStack.Aws.Signing");

    public static readonly HttpRequestOptionsKey<string> PaceKey = new("PromptStack.Aws.PaceKey");
}

/// <summary>Who signs a request for which service and region; the clock is fixed in tests to compare signatures.</summary>
public sealed record SigV4Signing(AWSCredentials Credentials, string Service, RegionEndpoint Region, TimeProvider Time);
