namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>
/// Drops DynamoDB's response checksum header when talking to an emulator. moto sends the checksum of "{}" with
/// empty results (TagResource, UntagResource) where DynamoDB sends an empty body; the SDK, which reads no body for
/// an empty result, then fails the check with an IOException and leaves the connection unusable, so the next call
/// hangs. Real AWS keeps the check.
/// </summary>
public sealed class EmulatorChecksumHandler : DelegatingHandler
{
    public const string ChecksumHeader = "x-amz-crc32";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        response.Headers.Remove(ChecksumHeader);
        return response;
    }
}
