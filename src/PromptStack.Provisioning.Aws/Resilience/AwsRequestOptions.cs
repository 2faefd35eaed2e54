using Amazon;
using Amazon.Runtime;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>What the handlers below a SigV4 client need to know about a request, carried on the request itself.</summary>
public static class AwsRequestOptions
{
    public static readonly HttpRequestOptionsKey<SigV4Signing> Signing = new("PromptStack.Aws.Signing");

    public static readonly HttpRequestOptionsKey<string> PaceKey = new("PromptStack.Aws.PaceKey");

    /// <summary>The operation's name for metrics and spans (see <see cref="AwsOperationNames"/>).</summary>
    public static readonly HttpRequestOptionsKey<string> Operation = new("PromptStack.Aws.Operation");

    /// <summary>Attempts made so far with this request message: the retry handler sends the same message again.</summary>
    public static readonly HttpRequestOptionsKey<int> Attempt = new("PromptStack.Aws.Attempt");
}

/// <summary>Who signs a request for which service and region; the clock is fixed in tests to compare signatures.</summary>
public sealed record SigV4Signing(AWSCredentials Credentials, string Service, RegionEndpoint Region, TimeProvider Time);
