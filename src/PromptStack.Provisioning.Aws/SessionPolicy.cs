using System.Text.Json;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Builds the session policy passed to AssumeRole. It intersects with the role's own policy, so a user's
/// session can only touch resources tagged with that user's id - even if application code has a bug.
/// </summary>
public static class SessionPolicy
{
    public const string UserIdTagKey = "UserId";

    /// <summary>Create/tag actions allowed only when the request itself carries UserId=&lt;user&gt;.</summary>
    public static readonly IReadOnlyList<string> CreateActions =
    [
        "iam:CreateRole", "iam:TagRole",
        "lambda:CreateFunction", "lambda:TagResource",
        "apigateway:POST", "apigateway:PUT",
        "dynamodb:CreateTable", "dynamodb:TagResource",
        // CreateBucket with tags (tags at creation) is additionally authorised as s3:TagResource.
        "s3:CreateBucket", "s3:PutBucketTagging", "s3:TagResource",
    ];

    public static string Build(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);

        // Serialised rather than concatenated so any user id is escaped correctly.
        var policy = new
        {
            Version = "2012-10-17",
            Statement = new object[]
            {
                new
                {
                    Sid = "OwnTaggedResources",
                    Effect = "Allow",
                    Action = "*",
                    Resource = "*",
                    Condition = new { StringEquals = new Dictionary<string, string> { [$"aws:ResourceTag/{UserIdTagKey}"] = userId } },
                },
                new
                {
                    Sid = "CreateTaggedResources",
                    Effect = "Allow",
                    Action = CreateActions,
                    Resource = "*",
                    Condition = new { StringEquals = new Dictionary<string, string> { [$"aws:RequestTag/{UserIdTagKey}"] = userId } },
                },
            },
        };
        return JsonSerializer.Serialize(policy);
    }
}
