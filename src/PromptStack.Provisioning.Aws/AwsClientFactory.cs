using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using PromptStack.Provisioning.Aws.Resilience;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Creates every AWS client PromptStack uses, already pointed at the right endpoint (real AWS or an
/// emulator) and authenticated as the given user. Clients are cheap; create them per operation.
/// Each transport has exactly one retry: the SDK's own for S3, DynamoDB and STS, the resilience handler of
/// <see cref="AwsTransport"/> for the SigV4 clients. All of them share one <see cref="AwsPacer"/>.
/// </summary>
public sealed class AwsClientFactory : IDisposable
{
    private readonly AwsCredentialSource _credentials;
    private readonly RetryOptions _retries;
    private readonly HttpClient _sigV4;
    private readonly PacedSdkHttpClientFactory _s3Http;
    private readonly PacedSdkHttpClientFactory _dynamoHttp;
    private readonly PacedSdkHttpClientFactory _stsHttp;

    /// <param name="pacer">Shared by every client of this instance; an unshared default one when null.</param>
    /// <param name="retries">Retry budget of every transport; <see cref="RetryOptions.Default"/> when null.</param>
    /// <param name="transport">Innermost handler of the SigV4 clients (tests put a stub here); sockets when null.</param>
    public AwsClientFactory(
        AwsSettings settings, AwsCredentialSource credentials, AwsPacer? pacer = null, RetryOptions? retries = null,
        HttpMessageHandler? transport = null)
    {
        Settings = settings;
        _credentials = credentials;
        _retries = retries ?? RetryOptions.Default;
        Pacer = pacer ?? new AwsPacer(new AwsPacingSettings());
        transport ??= new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _sigV4 = new HttpClient(AwsTransport.CreateSigV4Handler(transport, Pacer, _retries))
        {
            // Attempts are bounded by RetryOptions.AttemptTimeout; this only stops the handler's own 100 s default.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _s3Http = new PacedSdkHttpClientFactory(Pacer, "s3", _ => PaceKeys.S3);
        _dynamoHttp = new PacedSdkHttpClientFactory(
            Pacer, "dynamodb", PaceKeys.ForDynamoDb, settings.UsesCustomEndpoint ? new EmulatorChecksumHandler() : null);
        _stsHttp = new PacedSdkHttpClientFactory(Pacer, "sts", _ => PaceKeys.Sts);
    }

    public AwsSettings Settings { get; }

    public AwsPacer Pacer { get; }

    public AmazonS3Client CreateS3Client(string userId)
    {
        // Emulators serve buckets under the path, not as virtual-host subdomains of their address.
        var config = new AmazonS3Config { ForcePathStyle = Settings.UsesCustomEndpoint };
        return new AmazonS3Client(_credentials.ForUser(userId), Configure(config, _s3Http));
    }

    public AmazonDynamoDBClient CreateDynamoDbClient(string userId) =>
        new(_credentials.ForUser(userId), Configure(new AmazonDynamoDBConfig(), _dynamoHttp));

    public AmazonSecurityTokenServiceClient CreateStsClient(string userId) =>
        new(_credentials.ForUser(userId), Configure(new AmazonSecurityTokenServiceConfig(), _stsHttp));

    public LambdaClient CreateLambdaClient(string userId)
    {
        var (endpoint, region) = AwsEndpoints.Lambda(Settings);
        return new LambdaClient(new SigV4HttpClient(_sigV4, _credentials.ForUser(userId), "lambda", endpoint, region));
    }

    public ApiGatewayV2Client CreateApiGatewayClient(string userId)
    {
        var (endpoint, region) = AwsEndpoints.ApiGateway(Settings);
        return new ApiGatewayV2Client(new SigV4HttpClient(_sigV4, _credentials.ForUser(userId), "apigateway", endpoint, region));
    }

    public IamClient CreateIamClient(string userId)
    {
        var (endpoint, region) = AwsEndpoints.Iam(Settings);
        return new IamClient(new SigV4HttpClient(_sigV4, _credentials.ForUser(userId), "iam", endpoint, region));
    }

    public void Dispose()
    {
        _sigV4.Dispose();
        _s3Http.Dispose();
        _dynamoHttp.Dispose();
        _stsHttp.Dispose();
    }

    /// <summary>The SDK's standard retry mode is the only retry of SDK calls; our handler only paces its attempts.</summary>
    private T Configure<T>(T config, PacedSdkHttpClientFactory http)
        where T : ClientConfig => SdkClientConfig.Apply(config, Settings, _retries, http);
}
