using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Turns an AWS error response into <see cref="AwsApiException"/>. REST-JSON services put the code in the
/// x-amzn-ErrorType header (and sometimes "__type"/"code" in the body); Query services (IAM) send XML
/// with Error/Code. Both shapes are accepted from every service because emulators mix them.
/// </summary>
internal static class AwsErrorParser
{
    public static AwsApiException Parse(string service, HttpStatusCode status, HttpResponseHeaders headers, byte[] body)
    {
        string? code = null;
        string? message = null;
        string? requestId = null;

        if (headers.TryGetValues("x-amzn-ErrorType", out var errorTypes))
        {
            code = CleanCode(errorTypes.FirstOrDefault());
        }

        if (headers.TryGetValues("x-amzn-RequestId", out var requestIds))
        {
            requestId = requestIds.FirstOrDefault();
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.StartsWith('{'))
        {
            ReadJson(text, ref code, ref message);
        }
        else if (text.StartsWith('<'))
        {
            ReadXml(text, ref code, ref message, ref requestId);
        }

        code ??= status == HttpStatusCode.NotFound ? "NotFound" : $"Http{(int)status}";
        message ??= string.IsNullOrEmpty(text) ? status.ToString() : Truncate(text);
        return new AwsApiException(service, status, code, message, requestId);
    }

    private static void ReadJson(string text, ref string? code, ref string? message)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                switch (property.Name.ToLowerInvariant())
                {
                    case "__type" or "code":
                        code ??= CleanCode(property.Value.GetString());
                        break;
                    case "message" or "errormessage":
                        message ??= property.Value.GetString();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all; the raw text becomes the message.
        }
    }

    private static void ReadXml(string text, ref string? code, ref string? message, ref string? requestId)
    {
        try
        {
            var doc = XDocument.Parse(text);
            code ??= CleanCode(doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value);
            message ??= doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            requestId ??= doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
        }
        catch (System.Xml.XmlException)
        {
            // Not XML after all; the raw text becomes the message.
        }
    }

    /// <summary>
    /// Strips decorations seen in the wild: "ResourceNotFoundException:http://internal.amazon.com/..."
    /// and "com.amazon.coral.service#ThrottlingException".
    /// </summary>
    private static string? CleanCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var code = raw.Trim();
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        return hash >= 0 ? code[(hash + 1)..] : code;
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
