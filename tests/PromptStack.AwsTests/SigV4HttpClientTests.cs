using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Amazon;
using Amazon.Runtime;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Resilience;

namespace PromptStack.AwsTests;

public sealed class SigV4HttpClientTests
{
    private static (SigV4HttpClient Client, StubHandler Handler) Create(string service, Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        var handler = new StubHandler(respond);
        var client = new SigV4HttpClient(
            new HttpClient(new SigV4SigningHandler { InnerHandler = handler }), new SessionAWSCredentials("AKIDEXAMPLE", "secret", "token-1"), service,
            new Uri("https://lambda.us-east-1.amazonaws.com"), RegionEndpoint.USEast1);
        return (client, handler);
    }

    [Fact]
    public async Task SendAsync_AnyRequest_IsSignedForServiceAndRegion()
    {
        var (client, handler) = Create("lambda", _ => StubHandler.Answer(HttpStatusCode.OK, "{}"));

        await client.SendAsync(HttpMethod.Get, "/2015-03-31/functions/f1", null, null, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization, StringComparison.Ordinal);
        Assert.Contains("/us-east-1/lambda/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Equal("token-1", request.Headers.GetValues("x-amz-security-token").Single());
        Assert.True(request.Headers.Contains("X-Amz-Date"));
    }

    // Expected signatures were computed independently with botocore's SigV4Auth for the same request and time.
    [Theory]
    [InlineData("lambda", "GET", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af1", null,
        "6d31f3ee2d37b1640f135ca1d05e86dcee4d365baa29b822b3238ac4e00797f6")]
    [InlineData("iam", "POST", "/", "Action=GetRole&Version=2010-05-08&RoleName=a%20b",
        "3e293991099069d08701cfd5423bb0128e88f0b49e73d342a3a7ce193a5c8c63")]
    public async Task SendAsync_FixedTime_MatchesReferenceSignature(string service, string method, string path, string? form, string signature)
    {
        var handler = new StubHandler(_ => StubHandler.Answer(HttpStatusCode.OK, "{}"));
        var host = service == "iam" ? "https://iam.amazonaws.com" : "https://lambda.us-east-1.amazonaws.com";
        var client = new SigV4HttpClient(
            new HttpClient(new SigV4SigningHandler { InnerHandler = handler }),
            new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN"),
            service,
            new Uri(host),
            RegionEndpoint.USEast1,
            new FakeTimeProvider(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero)));

        await client.SendAsync(
            new HttpMethod(method), path, form is null ? null : Encoding.UTF8.GetBytes(form),
            form is null ? null : "application/x-www-form-urlencoded; charset=utf-8", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.EndsWith($"Signature={signature}", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
        Assert.Equal(path, request.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task SendJsonAsync_ErrorTypeHeaderWithSuffix_MapsCodeAndMessage()
    {
        var (client, _) = Create("lambda", _ => StubHandler.Answer(
            (HttpStatusCode)429, """{"Type":"User","message":"Rate exceeded"}""", errorType: "TooManyRequestsException:http://internal.amazon.com/coral/"));

        var ex = await Assert.ThrowsAsync<AwsApiException>(() =>
            client.SendJsonAsync(HttpMethod.Get, "/x", null, new(), CancellationToken.None));

        Assert.Equal("lambda", ex.Service);
        Assert.Equal("TooManyRequestsException", ex.ErrorCode);
        Assert.Equal("Rate exceeded", ex.ErrorMessage);
        Assert.True(ex.IsTransient);
        Assert.False(ex.IsNotFound);
    }

    [Fact]
    public async Task SendQueryAsync_IamXmlError_MapsNoSuchEntity()
    {
        const string xml = """<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>Role r not found</Message></Error><RequestId>req-1</RequestId></ErrorResponse>""";
        var (client, handler) = Create("iam", _ => StubHandler.Answer(HttpStatusCode.NotFound, xml, "text/xml"));

        var ex = await Assert.ThrowsAsync<AwsApiException>(() =>
            client.SendQueryAsync([new("Action", "GetRole"), new("RoleName", "a b+c")], CancellationToken.None));

        Assert.Equal("NoSuchEntity", ex.ErrorCode);
        Assert.Equal("Role r not found", ex.ErrorMessage);
        Assert.Equal("req-1", ex.RequestId);
        Assert.True(ex.IsNotFound);
        Assert.Equal("Action=GetRole&RoleName=a%20b%2Bc", handler.Bodies.Single());
    }

    [Theory]
    [InlineData(400, "Throttling", "Rate exceeded", true)]
    [InlineData(400, "ThrottlingException", "Rate exceeded", true)]
    [InlineData(503, "ServiceException", "internal", true)]
    [InlineData(409, "ResourceConflictException", "The operation cannot be performed at this time. An update is in progress", true)]
    [InlineData(409, "ResourceConflictException", "Function already exist: f1", false)]
    [InlineData(400, "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda.", true)]
    [InlineData(400, "InvalidParameterValueException", "Unsupported runtime", false)]
    [InlineData(404, "ResourceNotFoundException", "Function not found", false)]
    public async Task SendJsonAsync_ErrorAnswer_ClassifiesTransience(int status, string code, string message, bool transient)
    {
        var (client, _) = Create("lambda", _ => StubHandler.Answer(
            (HttpStatusCode)status, $$"""{"__type":"{{code}}","Message":"{{message}}"}"""));

        var ex = await Assert.ThrowsAsync<AwsApiException>(() =>
            client.SendJsonAsync(HttpMethod.Post, "/x", new { A = 1 }, new(), CancellationToken.None));

        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(transient, ex.IsTransient);
    }

    [Fact]
    public async Task ListFunctions_SeveralPages_FollowsNextMarker()
    {
        var (client, handler) = Create("lambda", request => StubHandler.Answer(HttpStatusCode.OK, request.RequestUri!.Query.Contains("Marker=m%2F1", StringComparison.Ordinal)
            ? """{"Functions":[{"FunctionName":"b","FunctionArn":"arn:b"}]}"""
            : """{"Functions":[{"FunctionName":"a","FunctionArn":"arn:a"}],"NextMarker":"m/1"}"""));

        var functions = await new LambdaClient(client).ListFunctionsAsync();

        Assert.Equal(["a", "b"], functions.Select(f => f.FunctionName));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task GetApis_SeveralPages_FollowsNextToken()
    {
        var (client, handler) = Create("apigateway", request => StubHandler.Answer(HttpStatusCode.OK, request.RequestUri!.Query.Contains("nextToken=t1", StringComparison.Ordinal)
            ? """{"items":[{"apiId":"b","name":"api-b","tags":{"UserId":"u"}}]}"""
            : """{"items":[{"apiId":"a","name":"api-a"}],"nextToken":"t1"}"""));

        var apis = await new ApiGatewayV2Client(client).GetApisAsync();

        Assert.Equal(["a", "b"], apis.Select(a => a.ApiId));
        Assert.Equal("u", apis[1].Tags["UserId"]);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task AddPermission_StatementAlreadyExists_Succeeds()
    {
        var (client, _) = Create("lambda", _ => StubHandler.Answer(
            HttpStatusCode.Conflict, """{"Type":"User","Message":"The statement id (s1) provided already exists. Please provide a new statement id, or remove the existing statement."}""",
            errorType: "ResourceConflictException"));

        await new LambdaClient(client).AddPermissionAsync("f1", "s1", "arn:aws:execute-api:us-east-1:1:a/*");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    public async Task CreateApi_AnsweredAfterRetries_SaysHowManyTimesItWasSent(int failuresFirst, int attempts)
    {
        // A 503 first: the transport retries, as it does after an answer lost once API Gateway had made the API.
        var answered = 0;
        var handler = new StubHandler(_ => answered++ < failuresFirst
            ? StubHandler.Answer(HttpStatusCode.ServiceUnavailable, """{"message":"try again"}""", errorType: "ServiceUnavailableException")
            : StubHandler.Answer(HttpStatusCode.Created, """{"apiId":"a1","name":"ps-api"}"""));
        var retries = new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        var api = new ApiGatewayV2Client(new SigV4HttpClient(
            new HttpClient(AwsTransport.CreateSigV4Handler(handler, new AwsPacer(new AwsPacingSettings()), retries)),
            new SessionAWSCredentials("AKIDEXAMPLE", "secret", "token-1"), "apigateway", new Uri("https://apigateway.us-east-1.amazonaws.com"),
            RegionEndpoint.USEast1));

        var created = await api.CreateApiAsync("ps-api");

        Assert.Equal(("a1", attempts), (created.ApiId, created.CreateAttempts));
        Assert.Equal(attempts, handler.Requests.Count);
    }
}
