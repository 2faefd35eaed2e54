using System.Xml.Linq;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Readers for IAM's Query-protocol XML. Elements are matched by local name so the
/// https://iam.amazonaws.com/doc/2010-05-08/ namespace (and emulators that omit it) both work.
/// </summary>
internal static class IamXml
{
    public static XElement? ChildElement(this XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static string? Child(this XElement? parent, string name) => parent.ChildElement(name)?.Value;

    /// <summary>The &lt;ActionResult&gt; element of an &lt;ActionResponse&gt;.</summary>
    public static XElement Result(XDocument document, string action) =>
        document.Root.ChildElement(action + "Result") ?? new XElement(action + "Result");

    /// <summary>Values of &lt;member&gt; children, the Query protocol's list encoding.</summary>
    public static IEnumerable<XElement> Members(this XElement? list) =>
        list?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    public static IReadOnlyDictionary<string, string> ReadTags(XElement? tags) =>
        tags.Members()
            .Select(m => (Key: m.Child("Key"), Value: m.Child("Value") ?? string.Empty))
            .Where(t => t.Key is not null)
            .GroupBy(t => t.Key!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    /// <summary>
    /// IAM returns policy documents URL-encoded; moto does so for some calls and not others, so only
    /// decode when the text is not already JSON.
    /// </summary>
    public static string? DecodePolicy(string? document) =>
        document is null || document.TrimStart().StartsWith('{') ? document : Uri.UnescapeDataString(document);

    /// <summary>Next page marker, or null when IsTruncated is false.</summary>
    public static string? NextMarker(XElement result) =>
        string.Equals(result.Child("IsTruncated"), "true", StringComparison.OrdinalIgnoreCase) ? result.Child("Marker") : null;
}
