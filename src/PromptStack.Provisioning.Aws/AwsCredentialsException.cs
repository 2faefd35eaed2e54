namespace PromptStack.Provisioning.Aws;

/// <summary>
/// A user's session could not be obtained: STS refused or kept failing after its own paced retries. Deliberately
/// neither an SDK service exception nor a transport error, so the call that needed the credentials does not retry
/// the whole AssumeRole round again (a retry inside a retry). The message carries STS's error, never a key.
/// </summary>
public sealed class AwsCredentialsException(string message, Exception innerException) : Exception(message, innerException);
