using Amazon.Runtime;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// AWSCredentials bound to one user. Every resolve goes back to <see cref="AwsCredentialSource"/>, so a
/// long-lived SDK client keeps working across session renewals instead of holding expired keys.
/// </summary>
internal sealed class UserAwsCredentials : AWSCredentials
{
    private readonly AwsCredentialSource _source;
    private readonly string _userId;

    public UserAwsCredentials(AwsCredentialSource source, string userId)
    {
        _source = source;
        _userId = userId;
    }

    // The SDK still calls the synchronous overload on some paths; blocking is acceptable there because
    // it only waits when the cached session is missing or about to expire.
    public override ImmutableCredentials GetCredentials() =>
        _source.GetCredentialsAsync(_userId).GetAwaiter().GetResult();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _source.GetCredentialsAsync(_userId);

    // Never print keys: the default ToString would be harmless, but be explicit for loggers that dump objects.
    public override string ToString() => $"UserAwsCredentials({_userId})";
}
