using System.IO.Compression;
using PromptStack.Provisioning.Aws;

namespace PromptStack.AwsTests;

/// <summary>One moto server for the whole test collection: starting it costs about a second.</summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public const string UserId = "user-1";

    public MotoServer Moto { get; private set; } = null!;

    public AwsSettings Settings { get; private set; } = null!;

    public AwsCredentialSource Credentials { get; private set; } = null!;

    public AwsClientFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Moto = await MotoServer.StartAsync();
        Settings = new AwsSettings { EndpointUrl = Moto.Url, Environment = "test" };
        Credentials = new AwsCredentialSource(Settings);
        Factory = new AwsClientFactory(Settings, Credentials);
    }

    public async Task DisposeAsync()
    {
        Factory.Dispose();
        Credentials.Dispose();
        await Moto.DisposeAsync();
    }

    /// <summary>Unique, AWS-name-safe name so tests never see each other's resources.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    /// <summary>A deployment package with a trivial Node handler.</summary>
    public static byte[] Zip(string body = "exports.handler = async () => ({ statusCode: 200, body: 'ok' });")
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("index.js").Open());
            writer.Write(body);
        }

        return stream.ToArray();
    }

    /// <summary>Moto refuses CreateFunction unless the execution role exists, as AWS eventually does.</summary>
    public async Task<string> CreateLambdaRoleAsync()
    {
        var role = await Factory.CreateIamClient(UserId).CreateRoleAsync(Unique("role"), new Dictionary<string, string> { ["UserId"] = UserId });
        return role.Arn;
    }
}
