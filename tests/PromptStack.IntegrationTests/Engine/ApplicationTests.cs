using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Drivers;

namespace PromptStack.IntegrationTests.Engine;

public sealed class ApplicationApp : SqliteApp;

/// <summary>Deploy, redeploy, purge and the local preview, checked through the AWS APIs and the platform's HTTP API.</summary>
public sealed class ApplicationTests(ApplicationApp app) : IClassFixture<ApplicationApp>
{
    private AwsClientFactory Aws => app.Services.GetRequiredService<AwsClientFactory>();

    [Fact]
    public async Task DeployRedeployPurgeDestroy_BucketAndFunctionFollowEachStep()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProvisionAsync(client, "todo-app", "a to-do list for my chores");
        var project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
        var bucket = Physical(project, "s3-bucket");
        var function = Physical(project, "lambda-function");

        await DeployAsync(client, id, expectedVersion: 1);

        // Exactly the generated files plus config.js, each with its content type.
        var files = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/files");
        var expected = files.EnumerateArray().Where(f => !f.GetProperty("path").GetString()!.StartsWith("function/", StringComparison.Ordinal))
            .ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("contentType").GetString()!);
        expected["config.js"] = "application/javascript";
        using var s3 = Aws.CreateS3Client("test");
        var objects = await ObjectsAsync(s3, bucket);
        Assert.Equal(expected.Keys.Order(), objects.Order());
        foreach (var (key, contentType) in expected)
        {
            Assert.Equal(contentType, (await s3.GetObjectMetadataAsync(bucket, key)).Headers.ContentType);
        }

        var lambda = Aws.CreateLambdaClient("test");
        Assert.NotEqual(LambdaFunctionDriver.PlaceholderSha256, (await lambda.GetFunctionAsync(function))!.CodeSha256);

        // A file left by an earlier version disappears on redeploy.
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "old-version.js", ContentBody = "stale" });
        await DeployAsync(client, id, expectedVersion: 2);
        Assert.Equal(expected.Keys.Order(), (await ObjectsAsync(s3, bucket)).Order());

        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/api/projects/{id}/infrastructure"), HttpStatusCode.Conflict, "Purge application first");

        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/projects/{id}/application")).StatusCode);
        Assert.Equal("none", ProjectWaits.App(await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) is "none" or "failed")));
        Assert.Empty(await ObjectsAsync(s3, bucket));
        Assert.Equal(LambdaFunctionDriver.PlaceholderSha256, (await lambda.GetFunctionAsync(function))!.CodeSha256);

        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/projects/{id}/infrastructure")).StatusCode);
        Assert.Equal("destroyed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "destroyed")));
        Assert.Empty(await CloudInventory.ForProjectAsync(Aws, id));
    }

    [Fact]
    public async Task Preview_OnItsOwnOriginWithOneTimeTicket_ServesSiteAndRunsApiForOwnerOnly()
    {
        var (client, _) = await app.NewUserAsync();
        var (stranger, _) = await app.NewUserAsync();
        var id = await ProvisionAsync(client, "preview-app", "a to-do list");
        await DeployAsync(client, id, expectedVersion: 1);
        var project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
        var origin = $"http://{Guid.Parse(id):N}.preview.localhost:5000/";
        Assert.Equal(origin, project.GetProperty("infrastructure").GetProperty("outputs").GetProperty("siteUrl").GetString());

        // The platform's origin serves no generated file, and no token in an address opens anything.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/preview/{id}/")).StatusCode);
        var previewOrigin = app.PreviewOriginClient(new Uri(origin));
        Assert.Equal(HttpStatusCode.Unauthorized, (await previewOrigin.GetAsync("/")).StatusCode);

        // A ticket: single use, for this project only, traded for the origin's own HttpOnly cookie.
        var ticket = await client.PostAsync($"/api/projects/{id}/preview-ticket", null);
        Assert.Equal(HttpStatusCode.OK, ticket.StatusCode);
        var url = new Uri((await ticket.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
        Assert.StartsWith(origin + "?ticket=", url.ToString(), StringComparison.Ordinal);
        var noRedirect = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(origin), AllowAutoRedirect = false, HandleCookies = false,
        });
        var first = await noRedirect.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Headers.Location!.OriginalString);
        var cookie = first.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await noRedirect.GetAsync(url.PathAndQuery)).StatusCode);
        var otherOrigin = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"http://{Guid.NewGuid():N}.preview.localhost:5000/"), AllowAutoRedirect = false,
        });
        var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/");
        elsewhere.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherOrigin.SendAsync(elsewhere)).StatusCode);

        var browser = await app.PreviewClientAsync(client, id);
        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("config.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"apiUrl\":\"api\"", await browser.GetStringAsync("/config.js"), StringComparison.Ordinal);

        var created = await browser.PostAsJsonAsync("/api/todos", new { text = "water the plants" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await browser.GetFromJsonAsync<JsonElement>("/api/todos");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("text").GetString() == "water the plants");
        var invalid = await browser.PostAsJsonAsync("/api/todos", new { text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        // Another user can get no ticket for it.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/projects/{id}/preview-ticket", null)).StatusCode);

        await client.DeleteAsync($"/api/projects/{id}/application");
        await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) == "none");
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/projects/{id}/preview-ticket", null)).StatusCode);
        await client.DeleteAsync($"/api/projects/{id}/infrastructure");
        await ProjectWaits.InfraAsync(client, id, "destroyed");
    }

    [Fact]
    public async Task Preview_ErrorsForAPerson_AreReadablePagesWithTheWayBack_AndProblemsForTheApp()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProvisionAsync(client, "preview-errors", "a to-do list");
        var origin = new Uri($"http://{Guid.Parse(id):N}.preview.localhost:5000/");
        var back = $"href=\"http://localhost:5000/projects/{Guid.Parse(id)}\"";

        // No session on the preview origin: a browser's navigation gets a page, the app's own calls a problem.
        var anonymous = app.PreviewOriginClient(origin);
        var page = await GetPageAsync(anonymous, "/");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Open this app from its project page</h1>", html, StringComparison.Ordinal);
        Assert.Contains(back, html, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/"), HttpStatusCode.Unauthorized, "Open this app from its project page");

        // Before the app is deployed.
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/application", null)).StatusCode);
        await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) == "deployed");
        var browser = await app.PreviewClientAsync(client, id);
        await client.DeleteAsync($"/api/projects/{id}/application");
        await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) == "none");
        page = await GetPageAsync(browser, "/");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1>This app is not deployed yet</h1>", html, StringComparison.Ordinal);
        Assert.Contains(back, html, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await GetPageAsync(browser, "/api/todos"), HttpStatusCode.ServiceUnavailable, "Application not deployed");

        // After the infrastructure is destroyed.
        await client.DeleteAsync($"/api/projects/{id}/infrastructure");
        await ProjectWaits.InfraAsync(client, id, "destroyed");
        page = await GetPageAsync(browser, "/");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1>This app&#39;s infrastructure is not provisioned</h1>", html, StringComparison.Ordinal);
        Assert.Contains(back, html, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> GetPageAsync(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        return client.SendAsync(request);
    }

    private static string Physical(JsonElement project, string kind) =>
        project.GetProperty("infrastructure").GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == kind).GetProperty("physicalId").GetString()!;

    private static async Task<List<string>> ObjectsAsync(Amazon.S3.AmazonS3Client s3, string bucket) =>
        ((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []).Select(o => o.Key).ToList();

    private static async Task<string> ProvisionAsync(HttpClient client, string name, string prompt)
    {
        var id = await ProjectTests.CreateAsync(client, name, prompt);
        await client.PostAsync($"/api/projects/{id}/infrastructure", null);
        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed")));
        return id;
    }

    private static async Task DeployAsync(HttpClient client, string id, int expectedVersion)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/application", null)).StatusCode);
        var project = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) is "deployed" or "failed");
        Assert.True(ProjectWaits.App(project) == "deployed", project.ToString());
        Assert.Equal(expectedVersion, project.GetProperty("application").GetProperty("version").GetInt32());
    }
}
