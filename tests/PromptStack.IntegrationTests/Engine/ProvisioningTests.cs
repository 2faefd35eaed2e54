using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>The default app in local mode: it starts its own moto server.</summary>
public sealed class ProvisioningApp : SqliteApp;

public sealed class ProvisioningTests(ProvisioningApp app) : IClassFixture<ProvisioningApp>
{
    private static readonly string[] TagNames = ["UserId", "ProjectId", "ManagedBy", "Environment", "CreatedAt"];

    private AwsClientFactory Aws => app.Services.GetRequiredService<AwsClientFactory>();

    [Fact]
    public async Task ProvisionThenDestroy_CreatesTaggedWiredStack_AndLeavesNothing()
    {
        var (client, session) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "full-stack");

        var accepted = await client.PostAsync($"/api/projects/{id}/infrastructure", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(Guid.TryParse(body.GetProperty("operationId").GetString(), out _));
        Assert.Equal("provisioning", ProjectWaits.Infra(body.GetProperty("project")));

        var project = await ProjectWaits.InfraAsync(client, id, "deployed");
        Assert.Equal("deployed", ProjectWaits.Infra(project));
        var expiresAt = project.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddMinutes(58), DateTimeOffset.UtcNow.AddMinutes(61));
        var outputs = project.GetProperty("infrastructure").GetProperty("outputs");
        Assert.False(string.IsNullOrEmpty(outputs.GetProperty("siteUrl").GetString()));
        Assert.False(string.IsNullOrEmpty(outputs.GetProperty("apiUrl").GetString()));
        var resources = project.GetProperty("infrastructure").GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal(5, resources.Count);
        Assert.All(resources, r => Assert.Equal("ready", r.GetProperty("status").GetString()));

        // Check the cloud itself: exactly one resource of each kind, every one with all five tags.
        var cloud = await CloudInventory.ForProjectAsync(Aws, id);
        Assert.Equal(["dynamodb-table", "http-api", "iam-role", "lambda-function", "s3-bucket"], cloud.Select(r => r.Kind).Order());
        foreach (var resource in cloud)
        {
            Assert.Equal(TagNames.Order(), resource.Tags.Keys.Order());
            Assert.Equal(session.User.Id.ToString(), resource.Tags["UserId"]);
            Assert.Equal("promptstack", resource.Tags["ManagedBy"]);
            Assert.Equal("local", resource.Tags["Environment"]);
            Assert.True(DateTimeOffset.TryParse(resource.Tags["CreatedAt"], out _));
        }

        await AssertWiringAsync(cloud);

        var destroy = await client.DeleteAsync($"/api/projects/{id}/infrastructure");
        Assert.Equal(HttpStatusCode.Accepted, destroy.StatusCode);
        project = await ProjectWaits.InfraAsync(client, id, "destroyed");
        Assert.Equal("destroyed", ProjectWaits.Infra(project));
        Assert.Empty(project.GetProperty("infrastructure").GetProperty("resources").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, project.GetProperty("expiresAt").ValueKind);
        Assert.Empty(await CloudInventory.ForProjectAsync(Aws, id));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/projects/{id}")).StatusCode);

        // The operations show up in the admin statistics with their durations.
        var stats = await (await app.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/stats");
        var provision = stats.GetProperty("operations").GetProperty("provision");
        Assert.True(provision.GetProperty("succeeded").GetInt32() >= 1);
        Assert.True(provision.GetProperty("averageSeconds").GetDouble() > 0);
        Assert.True(stats.GetProperty("operations").GetProperty("destroy").GetProperty("succeeded").GetInt32() >= 1);
        Assert.True(stats.GetProperty("users").GetInt32() >= 2);
    }

    private async Task AssertWiringAsync(List<CloudResource> cloud)
    {
        string Name(string kind) => cloud.Single(r => r.Kind == kind).Name;
        var table = cloud.Single(r => r.Kind == "dynamodb-table");
        var role = cloud.Single(r => r.Kind == "iam-role");
        var function = cloud.Single(r => r.Kind == "lambda-function");

        // The role may touch its own table and nothing else.
        var iam = Aws.CreateIamClient("test");
        var policies = await iam.ListRolePoliciesAsync(role.Name);
        var policy = JsonDocument.Parse((await iam.GetRolePolicyAsync(role.Name, Assert.Single(policies)))!).RootElement;
        var dynamoResources = policy.GetProperty("Statement").EnumerateArray()
            .Where(s => s.GetProperty("Action").ToString().Contains("dynamodb", StringComparison.Ordinal))
            .SelectMany(s => s.GetProperty("Resource").ValueKind == JsonValueKind.Array
                ? s.GetProperty("Resource").EnumerateArray().Select(e => e.GetString()) : [s.GetProperty("Resource").GetString()])
            .ToList();
        Assert.NotEmpty(dynamoResources);
        Assert.All(dynamoResources, r => Assert.StartsWith(table.Id!, r!, StringComparison.Ordinal));

        // The function runs as that role and knows its table.
        var lambda = Aws.CreateLambdaClient("test");
        var info = (await lambda.GetFunctionAsync(function.Name))!;
        Assert.Equal(role.Id, info.Role);
        Assert.Equal("nodejs20.x", info.Runtime);
        Assert.Equal(Name("dynamodb-table"), info.Environment["TABLE_NAME"]);
        Assert.Equal("Active", info.State);

        // The API sends every route to the function.
        var apis = Aws.CreateApiGatewayClient("test");
        var apiId = cloud.Single(r => r.Kind == "http-api").Id!;
        var integration = Assert.Single(await apis.GetIntegrationsAsync(apiId));
        Assert.Equal("AWS_PROXY", integration.IntegrationType);
        Assert.Equal(function.Id, integration.IntegrationUri);
        Assert.Equal("2.0", integration.PayloadFormatVersion);
        Assert.Equal("$default", Assert.Single(await apis.GetRoutesAsync(apiId)).RouteKey);
        Assert.Equal("$default", Assert.Single(await apis.GetStagesAsync(apiId)).StageName);

        using var s3 = Aws.CreateS3Client("test");
        var website = await s3.GetBucketWebsiteAsync(Name("s3-bucket"));
        Assert.Equal("index.html", website.WebsiteConfiguration.IndexDocumentSuffix);
    }

    [Fact]
    public async Task Provision_WhileProvisioningOrDeployed_Returns409()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "twice");

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.PostAsync($"/api/projects/{id}/infrastructure", null), HttpStatusCode.Conflict);
        await ProjectWaits.InfraAsync(client, id, "deployed");
        await ProblemAssert.IsProblemAsync(await client.PostAsync($"/api/projects/{id}/infrastructure", null), HttpStatusCode.Conflict,
            "Infrastructure already deployed");
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/projects/{id}"), HttpStatusCode.Conflict, "Destroy infrastructure first");

        await client.DeleteAsync($"/api/projects/{id}/infrastructure");
        await ProjectWaits.InfraAsync(client, id, "destroyed");
    }

    [Fact]
    public async Task Destroy_WithoutInfrastructure_Returns409()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "bare");

        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/projects/{id}/infrastructure"), HttpStatusCode.Conflict, "No infrastructure");
        await ProblemAssert.IsProblemAsync(await client.PostAsync($"/api/projects/{id}/application", null), HttpStatusCode.Conflict,
            "Infrastructure not deployed");
    }

    [Fact]
    public async Task Operations_OnAnotherUsersProject_Return404()
    {
        var (alice, _) = await app.NewUserAsync();
        var (bob, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(alice, "alice-only");

        await ProblemAssert.IsProblemAsync(await bob.PostAsync($"/api/projects/{id}/infrastructure", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await bob.DeleteAsync($"/api/projects/{id}/infrastructure"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await bob.PostAsync($"/api/projects/{id}/application", null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await bob.GetAsync($"/api/projects/{id}/events"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await bob.PostAsJsonAsync($"/api/projects/{id}/extend", new { minutes = 10 }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Events_RecordEveryStep_AndStreamThem()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "chatty");
        var accepted = await client.PostAsync($"/api/projects/{id}/infrastructure", null);
        var operationId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("operationId").GetString();
        await ProjectWaits.InfraAsync(client, id, "deployed");

        var events = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events");
        var provisionEvents = events.EnumerateArray().Where(e => e.GetProperty("operation").GetString() == "provision").ToList();
        Assert.All(provisionEvents, e => Assert.Equal(operationId, e.GetProperty("operationId").GetString()));
        var messages = events.EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
        Assert.Equal(5, messages.Count(m => m.StartsWith("Created ", StringComparison.Ordinal)));
        Assert.Contains("Infrastructure deployed.", messages);
        var seqs = events.EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Order(), seqs);

        var after = seqs[2];
        var later = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events?after={after}");
        Assert.Equal(seqs.Count - 3, later.GetArrayLength());

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{id}/events/stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var streamed = new List<string>();
        while (streamed.Count < seqs.Count && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                streamed.Add(JsonDocument.Parse(line[6..]).RootElement.GetProperty("message").GetString()!);
            }
        }

        Assert.Equal(messages, streamed);
        await cts.CancelAsync();

        await client.DeleteAsync($"/api/projects/{id}/infrastructure");
        await ProjectWaits.InfraAsync(client, id, "destroyed");
    }
}
