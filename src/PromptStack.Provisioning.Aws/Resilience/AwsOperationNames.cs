using System.Net.Http.Headers;
using System.Text;

namespace PromptStack.Provisioning.Aws.Resilience;

/// <summary>
/// Names the AWS operation of an outgoing request for metrics and spans, from the request alone, so that one handler
/// below both transports (SigV4 clients and SDK clients) can tell. Names are low-cardinality: never a resource name.
/// </summary>
public static class AwsOperationNames
{
    /// <summary>"AssumeRole", "CreateTable", "PutBucketTagging", "POST /functions/{id}/policy", ...; never a resource's name.</summary>
    public static async ValueTask<string> OfAsync(HttpRequestMessage request, string service, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(AwsRequestOptions.Operation, out var named))
        {
            return named;
        }

        // JSON protocol (DynamoDB): "DynamoDB_20120810.CreateTable".
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.FirstOrDefault() is { } target)
        {
            return target[(target.LastIndexOf('.') + 1)..];
        }

        if (service != "s3" && request.Content?.Headers.ContentType?.MediaType == "application/x-www-form-urlencoded")
        {
            return await QueryActionAsync(request.Content, cancellationToken) ?? "Query";
        }

        return service == "s3" ? S3(request) : Rest(request.Method, request.RequestUri);
    }

    /// <summary>
    /// REST paths alternate collection and identifier after the API version ("/2015-03-31/functions/NAME/policy/SID"):
    /// identifiers become "{id}", so every function shares one name per call kind.
    /// </summary>
    public static string Rest(HttpMethod method, Uri? uri)
    {
        var segments = (uri?.AbsolutePath ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var template = new StringBuilder(method.Method);
        template.Append(' ');
        for (var i = 1; i < segments.Length; i++)
        {
            template.Append('/').Append(i % 2 == 1 ? segments[i] : "{id}");
        }

        return segments.Length <= 1 ? template.Append('/').ToString() : template.ToString();
    }

    /// <summary>
    /// S3's REST operations from verb, bucket, key and sub-resource: "PUT /bucket?tagging" is PutBucketTagging, "PUT
    /// /bucket/key" PutObject. Path-style addressing (emulators) and virtual-host style (AWS) are both understood.
    /// </summary>
    public static string S3(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var virtualHost = !uri.Host.StartsWith("s3.", StringComparison.OrdinalIgnoreCase) && uri.Host.Contains(".s3.", StringComparison.OrdinalIgnoreCase);
        var parts = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var hasBucket = virtualHost || parts.Length > 0;
        var hasKey = virtualHost ? parts.Length > 0 : parts.Length > 1;
        var subresource = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=')[0]).FirstOrDefault(p => !p.StartsWith("x-", StringComparison.Ordinal) && p is not "list-type" and not "prefix"
                and not "max-keys" and not "continuation-token" and not "encoding-type" and not "marker" and not "delimiter" and not "versionId");
        var verb = request.Method.Method switch { "GET" => "Get", "PUT" => "Put", "DELETE" => "Delete", "HEAD" => "Head", "POST" => "Post", var m => m };
        return (hasBucket, hasKey, subresource, verb) switch
        {
            (false, _, _, _) => "ListBuckets",
            (true, false, "delete", "Post") => "DeleteObjects",
            (true, false, null, "Get") => "ListObjects",
            (true, false, null, "Put") => "CreateBucket",
            (true, false, null, _) => verb + "Bucket",
            (true, false, { } sub, _) => verb + "Bucket" + Pascal(sub),
            (true, true, null, _) => verb + "Object",
            (true, true, { } sub, _) => verb + "Object" + Pascal(sub),
        };
    }

    private static async Task<string?> QueryActionAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // Buffered first, so the body read here is still there to send (the SDK may hand over a stream).
        await content.LoadIntoBufferAsync(cancellationToken);
        var form = await content.ReadAsStringAsync(cancellationToken);
        var action = form.Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0] == "Action");
        return action is null ? null : Uri.UnescapeDataString(action[1]);
    }

    private static string Pascal(string subresource) =>
        string.Concat(subresource.Split('-').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
