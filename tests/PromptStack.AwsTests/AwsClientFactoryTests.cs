using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using PromptStack.Provisioning.Aws;

namespace PromptStack.AwsTests;

[Collection(MotoCollection.Name)]
public sealed class AwsClientFactoryTests(MotoFixture fixture)
{
    [Fact]
    public async Task CreateS3Client_AgainstMoto_BucketAndObjectRoundTrip()
    {
        using var s3 = fixture.Factory.CreateS3Client(MotoFixture.UserId);
        var bucket = MotoFixture.Unique("site").ToLowerInvariant();

        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await s3.PutBucketTaggingAsync(new PutBucketTaggingRequest
        {
            BucketName = bucket,
            TagSet = [new Amazon.S3.Model.Tag { Key = "UserId", Value = MotoFixture.UserId }],
        });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "index.html", ContentBody = "<h1>hi</h1>", ContentType = "text/html" });

        using var obj = await s3.GetObjectAsync(bucket, "index.html");
        using var reader = new StreamReader(obj.ResponseStream);
        Assert.Equal("<h1>hi</h1>", await reader.ReadToEndAsync());
        var tagging = await s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket });
        Assert.Contains(tagging.TagSet, t => t.Key == "UserId" && t.Value == MotoFixture.UserId);
        Assert.Contains((await s3.ListBucketsAsync()).Buckets, b => b.BucketName == bucket);
    }

    [Fact]
    public async Task CreateS3Client_MissingBucket_ThrowsSdkNotFound()
    {
        using var s3 = fixture.Factory.CreateS3Client(MotoFixture.UserId);

        var ex = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(MotoFixture.Unique("nobucket"), "x"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task CreateDynamoDbClient_AgainstMoto_TableAndItemRoundTrip()
    {
        using var dynamo = fixture.Factory.CreateDynamoDbClient(MotoFixture.UserId);
        var table = MotoFixture.Unique("tbl");

        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            Tags = [new Amazon.DynamoDBv2.Model.Tag { Key = "UserId", Value = MotoFixture.UserId }],
        });
        await dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = "item-1" },
            ["text"] = new() { S = "hello" },
        });

        var item = await dynamo.GetItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "item-1" } });
        Assert.Equal("hello", item.Item["text"].S);
        var described = await dynamo.DescribeTableAsync(table);
        Assert.Equal(TableStatus.ACTIVE, described.Table.TableStatus);
        var tags = await dynamo.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = described.Table.TableArn });
        Assert.Contains(tags.Tags, t => t.Key == "UserId" && t.Value == MotoFixture.UserId);
    }

    [Fact]
    public void CreateS3Client_WithEndpoint_UsesPathStyleAndEmulatorUrl()
    {
        using var s3 = fixture.Factory.CreateS3Client(MotoFixture.UserId);
        var config = (AmazonS3Config)s3.Config;

        Assert.True(config.ForcePathStyle);
        Assert.StartsWith(fixture.Moto.Url, config.ServiceURL, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsEndpoints_RealAws_ResolveRegionalAndGlobalHosts()
    {
        var settings = new AwsSettings { Region = "eu-west-1" };

        Assert.Equal(new Uri("https://lambda.eu-west-1.amazonaws.com"), AwsEndpoints.Lambda(settings).Endpoint);
        Assert.Equal(new Uri("https://apigateway.eu-west-1.amazonaws.com"), AwsEndpoints.ApiGateway(settings).Endpoint);
        var (iam, iamRegion) = AwsEndpoints.Iam(settings);
        Assert.Equal(new Uri("https://iam.amazonaws.com"), iam);
        Assert.Equal("us-east-1", iamRegion.SystemName);
    }

    [Fact]
    public void AwsEndpoints_WithEndpointUrl_SendEverythingThere()
    {
        var settings = new AwsSettings { Region = "eu-west-1", EndpointUrl = "http://127.0.0.1:5999" };

        Assert.Equal(new Uri("http://127.0.0.1:5999"), AwsEndpoints.Lambda(settings).Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:5999"), AwsEndpoints.ApiGateway(settings).Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:5999"), AwsEndpoints.Iam(settings).Endpoint);
        Assert.Equal("eu-west-1", AwsEndpoints.Iam(settings).SigningRegion.SystemName);
    }
}
