using PromptStack.Provisioning.Aws;

namespace PromptStack.AwsTests;

/// <summary>The SDK clients' retry is the shared budget, whatever else has failed in the process before.</summary>
public sealed class SdkRetryTests
{
    private static readonly RetryOptions ThreeAttempts = new() { MaxAttempts = 3 };

    [Fact]
    public async Task SdkClient_ManyCallsFailing_EachGetsItsWholeRetryBudget()
    {
        const int calls = 40;
        using var server = new StubAwsServer(_ => (500, """{"__type":"InternalFailure","message":"injected"}"""));
        var settings = new AwsSettings { EndpointUrl = server.Url };
        using var source = new AwsCredentialSource(settings);
        using var factory = new AwsClientFactory(settings, source, retries: ThreeAttempts);
        using var dynamo = factory.CreateDynamoDbClient("alice");

        // The SDK's own retry quota used to stop retrying after a few dozen retries (115 attempts for 80 calls).
        await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (_, ct) =>
            await Assert.ThrowsAsync<Amazon.DynamoDBv2.AmazonDynamoDBException>(() => dynamo.DescribeTableAsync("t", ct)));

        Assert.Equal(calls * ThreeAttempts.MaxAttempts, server.Requests.Count);
    }
}
