using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SecurityToken;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Creates every AWS client PromptStack uses, already pointed at the right endpoint (real AWS or an
/// emulator) and authenticated as the given user. Clients are cheap; create them per operation.
/// </summary>
public sealed class AwsClientFactory : IDisposable
{
    private readonly AwsCredentialSource _credentials;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="httpClient">Shared HttpClient for the typed clients; one is created (and disposed) when null.</param>
    public AwsClientFactory(AwsSettings settings, AwsCredentialSource credentials, HttpClient? httpClient = null)
    {
        Settings = settings;
        _credentials = credentials;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public AwsSettings Settings { get; }

    public AmazonS3Client CreateS3Client(string userId)
    {
        // Emulators serve buckets under the path, not as virtual-host subdomains of their address.
        var config = new AmazonS3Config { ForcePathStyle = Settings.UsesCustomEndpoint };
        Settings.ApplyTo(config);
        return new AmazonS3Client(_credentials.ForUser(userId), config);
    }

    public AmazonDynamoDBClient CreateDynamoDbClient(string userId)
    {
        var config = new AmazonDynamoDBConfig();
        Settings.ApplyTo(config);
        return new AmazonDynamoDBClient(_credentials.ForUser(userId), config);
    }

    public AmazonSecurityTokenServiceClient CreateStsClient(string userId)
    {
        var config = new AmazonSecurityTokenServiceConfig();
        Settings.ApplyTo(config);
        return new AmazonSecurityTokenServiceClient(_credentials.ForUser(userId), config);
    }

    public LambdaClient CreateLambdaClient(string userId)
    {
        var (endpoint, region) = AwsEndpoints.Lambda(Settings);
        return new LambdaClient(new SigV4HttpClient(_http, _credentials.ForUser(userId), "lambda", endpoint, region));
    }

    public ApiGatewayV2Client CreateApiGatewayClient(string userId)
    {
        var (endpoint, region) = AwsEndpoints.ApiGateway(Settings);
        return new ApiGatewayV2Client(new SigV4HttpClient(_http, _credentials.ForUser(userId), "apigateway", endpoint, region));
    }

    public IamClient CreateIamClient(string userId)
    {
        var (endpoint, region) = AwsEndpoints.Iam(Settings);
        return new IamClient(new SigV4HttpClient(_http, _credentials.ForUser(userId), "iam", endpoint, region));
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
