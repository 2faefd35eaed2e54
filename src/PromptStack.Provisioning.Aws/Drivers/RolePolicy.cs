using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>
/// The app role's only permissions: item-level access to its own table, and writing its own Lambda logs.
/// </summary>
public static class RolePolicy
{
    public const string Name = "promptstack-app";

    public static readonly IReadOnlyList<string> TableActions =
    [
        "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
        "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchWriteItem",
    ];

    public static readonly IReadOnlyList<string> LogActions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"];

    public static string Build(string tableArn, string logGroupArn) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new object[]
        {
            new { Sid = "OwnTable", Effect = "Allow", Action = TableActions, Resource = tableArn },
            new { Sid = "OwnLogs", Effect = "Allow", Action = LogActions, Resource = logGroupArn },
        },
    });

    /// <summary>
    /// The role is created before its function and does not know the function's name (it has its own random
    /// suffix). Every physical name of a project starts with "&lt;prefix&gt;-&lt;first 8 hex of the project id&gt;-",
    /// so the grant covers exactly the log groups of this project's functions. The trailing * also covers the
    /// groups' log streams ("...:log-stream:..."), which CreateLogStream and PutLogEvents act on. The account is
    /// a wildcard because the role cannot learn it before anything exists; a role only reaches its own account's logs.
    /// </summary>
    public static string LogGroupArn(string partition, string region, string namePrefix, Guid projectId) =>
        $"arn:{partition}:logs:{region}:*:log-group:/aws/lambda/{namePrefix.ToLowerInvariant()}-{projectId.ToString("N")[..8]}-*";

    /// <summary>Compares documents structurally: IAM may hand back the JSON reformatted.</summary>
    public static bool SameDocument(string? a, string? b) =>
        a is not null && b is not null && JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
}
