using System.Security.Cryptography;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>
/// The code a function runs while no application is deployed. The zip is built byte-for-byte the same every
/// time (fixed entry timestamp), so its SHA-256 tells whether a function already runs the placeholder.
/// </summary>
internal static class PlaceholderCode
{
    private const string Handler =
        """
        export const handler = async () => ({
          statusCode: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ message: "PromptStack placeholder: deploy an application" }),
        });

        """;

    private static readonly byte[] ZipBytes = ApplicationPackage.HandlerZip(Handler);

    /// <summary>Base64 SHA-256 of the zip, as Lambda reports it in CodeSha256.</summary>
    public static readonly string Sha256 = Convert.ToBase64String(SHA256.HashData(ZipBytes));

    public static byte[] Zip() => (byte[])ZipBytes.Clone();
}
