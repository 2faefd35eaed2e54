using System.Text.Json;

namespace PromptStack.Provisioning.Aws.Bootstrap;

/// <summary>
/// The IAM documents an operator creates once before pointing PromptStack at a real account:
/// the platform role's trust policy, its permissions policy (scoped by the ManagedBy tag and the
/// name prefix) and the permissions boundary every project role is created with.
/// </summary>
public static class IamDocuments
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Who may assume the platform role: the identity PromptStack runs as, and only with the external id.</summary>
    public static string TrustPolicy(string principalArn, string externalId) => Json(new
    {
        Version = "2012-10-17",
        Statement = new object[]
        {
            new
            {
                Effect = "Allow",
                Principal = new { AWS = principalArn },
                // Session tags carry the user id that the session policy relies on.
                Action = new[] { "sts:AssumeRole", "sts:TagSession" },
                Condition = new { StringEquals = new Dictionary<string, string> { ["sts:ExternalId"] = externalId } },
            },
        },
    });

    /// <summary>
    /// The identity PromptStack runs as (an IAM user's keys or an instance/task role) needs nothing but to assume the
    /// platform role, with session tags: every AWS call the platform makes goes through that role.
    /// </summary>
    public static string ServerIdentityPolicy(string platformRoleArn) => Json(new
    {
        Version = "2012-10-17",
        Statement = new object[]
        {
            new
            {
                Sid = "AssumeThePlatformRoleOnly",
                Effect = "Allow",
                Action = new[] { "sts:AssumeRole", "sts:TagSession" },
                Resource = platformRoleArn,
            },
        },
    });

    public static string PermissionsPolicy(string managedBy, string namePrefix, string boundaryArn) => Json(new
    {
        Version = "2012-10-17",
        Statement = new object[]
        {
            new
            {
                Sid = "CreateOnlyTagged",
                Effect = "Allow",
                Action = new[] { "lambda:CreateFunction", "lambda:TagResource", "dynamodb:CreateTable", "dynamodb:TagResource", "apigateway:POST", "apigateway:TagResource" },
                Resource = "*",
                Condition = new { StringEquals = new Dictionary<string, string> { ["aws:RequestTag/ManagedBy"] = managedBy } },
            },
            new
            {
                Sid = "CreateRolesOnlyWithBoundary",
                Effect = "Allow",
                Action = new[] { "iam:CreateRole", "iam:TagRole", "iam:PutRolePolicy" },
                Resource = $"arn:aws:iam::*:role/{namePrefix}-*",
                Condition = new { StringEquals = new Dictionary<string, string> { ["iam:PermissionsBoundary"] = boundaryArn } },
            },
            new
            {
                Sid = "ManageOwnTagged",
                Effect = "Allow",
                Action = new[] { "lambda:*", "dynamodb:*", "apigateway:*", "iam:GetRole", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListRoleTags",
                    // Deleting a role first detaches any managed policy (IamClient.DeleteRoleAsync), as IAM requires.
                    "iam:ListAttachedRolePolicies", "iam:DetachRolePolicy" },
                Resource = "*",
                Condition = new { StringEquals = new Dictionary<string, string> { ["aws:ResourceTag/ManagedBy"] = managedBy } },
            },
            new
            {
                Sid = "PassProjectRolesToLambdaOnly",
                Effect = "Allow",
                Action = "iam:PassRole",
                Resource = $"arn:aws:iam::*:role/{namePrefix}-*",
                Condition = new { StringEquals = new Dictionary<string, string> { ["iam:PassedToService"] = "lambda.amazonaws.com" } },
            },
            new
            {
                // S3 cannot condition CreateBucket on request tags, so buckets are confined by name.
                Sid = "BucketsByPrefix",
                Effect = "Allow",
                Action = "s3:*",
                Resource = new[] { $"arn:aws:s3:::{namePrefix}-*", $"arn:aws:s3:::{namePrefix}-*/*" },
            },
            new
            {
                // List calls cannot be scoped by tag; the orphan sweeper and observers need them.
                Sid = "ListForSweeper",
                Effect = "Allow",
                Action = new[] { "lambda:ListFunctions", "dynamodb:ListTables", "iam:ListRoles", "s3:ListAllMyBuckets", "apigateway:GET", "tag:GetResources", "sts:GetCallerIdentity" },
                Resource = "*",
            },
        },
    });

    /// <summary>The most any project's function role can ever do, whatever its inline policy says.</summary>
    public static string ProjectRoleBoundary(string namePrefix) => Json(new
    {
        Version = "2012-10-17",
        Statement = new object[]
        {
            new
            {
                Effect = "Allow",
                Action = new[] { "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchWriteItem" },
                Resource = $"arn:aws:dynamodb:*:*:table/{namePrefix}-*",
            },
            new
            {
                Effect = "Allow",
                Action = new[] { "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents" },
                Resource = $"arn:aws:logs:*:*:log-group:/aws/lambda/{namePrefix}-*",
            },
        },
    });

    private static string Json(object document) => JsonSerializer.Serialize(document, Indented);
}
