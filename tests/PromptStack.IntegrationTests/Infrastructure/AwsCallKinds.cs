using System.Collections.Specialized;
using System.Text;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>Tells AWS calls that change something from those that only read, by the wire protocol of each service.</summary>
public static class AwsCallKinds
{
    private static readonly string[] ReadPrefixes = ["Describe", "List", "Get", "Query", "Scan", "BatchGet", "Head"];

    /// <summary>
    /// A short description of the call when it writes, null when it only reads. GET and HEAD read (REST services and
    /// S3); JSON-protocol calls (DynamoDB) name their operation in X-Amz-Target; Query-protocol calls (IAM, STS)
    /// name it in the form's Action. STS calls hand out credentials and change no resource, so they count as reads.
    /// </summary>
    public static string? WriteOf(string method, string rawUrl, NameValueCollection headers, byte[] body)
    {
        if (method is "GET" or "HEAD")
        {
            return null;
        }

        if (headers["X-Amz-Target"] is { } target)
        {
            var operation = target[(target.LastIndexOf('.') + 1)..];
            return IsRead(operation) ? null : $"{method} {target}";
        }

        if ((headers["Content-Type"] ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var action = System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body))["Action"] ?? "";
            return IsRead(action) || action is "AssumeRole" or "GetCallerIdentity" or "GetSessionToken" ? null : $"{method} Action={action}";
        }

        return $"{method} {rawUrl}";
    }

    private static bool IsRead(string operation) => ReadPrefixes.Any(p => operation.StartsWith(p, StringComparison.Ordinal));
}
