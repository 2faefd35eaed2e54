using System.Net;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// An error answer from an AWS API called through <see cref="SigV4HttpClient"/>, with the classification
/// callers need to decide between retrying, treating as "already gone", or failing.
/// </summary>
public sealed class AwsApiException : Exception
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown",
        "ProvisionedThroughputExceededException",
        "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure", "InternalError",
    };

    private static readonly HashSet<string> NotFoundCodes = new(StringComparer.Ordinal)
    {
        "ResourceNotFoundException", "NoSuchEntity", "NotFoundException", "NoSuchBucket", "NoSuchKey",
    };

    public AwsApiException(string service, HttpStatusCode statusCode, string errorCode, string errorMessage, string? requestId = null)
        : base($"{service} {errorCode} ({(int)statusCode}): {errorMessage}")
    {
        Service = service;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        RequestId = requestId;
    }

    /// <summary>Signing name of the service that answered ("lambda", "apigateway", "iam").</summary>
    public string Service { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>AWS error code such as ResourceNotFoundException, NoSuchEntity or ThrottlingException.</summary>
    public string ErrorCode { get; }

    /// <summary>The message exactly as AWS sent it (<see cref="Exception.Message"/> adds service and code).</summary>
    public string ErrorMessage { get; }

    public string? RequestId { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound || NotFoundCodes.Contains(ErrorCode);

    public bool IsThrottling => (int)StatusCode == 429 || ThrottlingCodes.Contains(ErrorCode);

    /// <summary>
    /// True when the same call is expected to succeed later: throttling, server errors, Lambda's
    /// "update in progress" conflicts, and the IAM eventual-consistency window where Lambda cannot yet
    /// assume a role created seconds ago.
    /// </summary>
    public bool IsTransient =>
        IsThrottling
        || (int)StatusCode >= 500
        || (ErrorCode == "ResourceConflictException" && !IsAlreadyExists)
        || (ErrorCode == "InvalidParameterValueException"
            && ErrorMessage.Contains("cannot be assumed by Lambda", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Conflicts that say the thing already exists (Lambda uses ResourceConflictException for both
    /// "already exists" and "update in progress"; only the latter is worth retrying).
    /// </summary>
    public bool IsAlreadyExists =>
        ErrorCode is "EntityAlreadyExists" or "ResourceAlreadyExistsException" or "BucketAlreadyOwnedByYou"
        || (ErrorCode is "ResourceConflictException" or "ConflictException"
            && ErrorMessage.Contains("already exist", StringComparison.OrdinalIgnoreCase));
}
