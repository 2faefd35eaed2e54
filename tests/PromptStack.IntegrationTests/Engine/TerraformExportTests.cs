using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Engine;

public sealed partial class TerraformExportTests(ProvisioningApp app) : IClassFixture<ProvisioningApp>
{
    [GeneratedRegex(@"\$\{(aws_[a-z0-9_]+)\.([a-z0-9_-]+)\.[a-z_]+\}")]
    private static partial Regex Reference();

    [Fact]
    public async Task Export_ProvisionedStack_MatchesResourcesTagsAndReferences()
    {
        var (client, session) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "exported", "a poll \"Best pizza?\" with options margherita, pepperoni");
        await client.PostAsync($"/api/projects/{id}/infrastructure", null);
        var project = await ProjectWaits.InfraAsync(client, id, "deployed");

        var response = await client.GetAsync($"/api/projects/{id}/terraform");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("main.tf.json", response.Content.Headers.ContentDisposition?.FileName);
        var tf = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var resources = tf.GetProperty("resource");

        Assert.Equal("hashicorp/aws", tf.GetProperty("terraform").GetProperty("required_providers").GetProperty("aws").GetProperty("source").GetString());
        string[] types = ["aws_dynamodb_table", "aws_iam_role", "aws_iam_role_policy", "aws_s3_bucket", "aws_s3_bucket_website_configuration",
            "aws_lambda_function", "aws_apigatewayv2_api", "aws_apigatewayv2_integration", "aws_apigatewayv2_route", "aws_apigatewayv2_stage", "aws_lambda_permission"];
        Assert.Equal(types.Order(), resources.EnumerateObject().Select(p => p.Name).Order());

        // Names are the provisioned physical names.
        string Physical(string kind) => project.GetProperty("infrastructure").GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == kind).GetProperty("physicalId").GetString()!;
        Assert.Equal(Physical("dynamodb-table"), resources.GetProperty("aws_dynamodb_table").GetProperty("data").GetProperty("name").GetString());
        Assert.Equal(Physical("s3-bucket"), resources.GetProperty("aws_s3_bucket").GetProperty("site").GetProperty("bucket").GetString());
        Assert.Equal(Physical("lambda-function"), resources.GetProperty("aws_lambda_function").GetProperty("api").GetProperty("function_name").GetString());
        Assert.Equal(Physical("iam-role"), resources.GetProperty("aws_iam_role").GetProperty("role").GetProperty("name").GetString());
        Assert.Equal(Physical("http-api"), resources.GetProperty("aws_apigatewayv2_api").GetProperty("http").GetProperty("name").GetString());

        // Every taggable resource has the five tags.
        foreach (var type in new[] { "aws_dynamodb_table", "aws_iam_role", "aws_s3_bucket", "aws_lambda_function", "aws_apigatewayv2_api" })
        {
            var tags = resources.GetProperty(type).EnumerateObject().Single().Value.GetProperty("tags");
            Assert.Equal(["CreatedAt", "Environment", "ManagedBy", "ProjectId", "UserId"], tags.EnumerateObject().Select(t => t.Name).Order());
            Assert.Equal(id, tags.GetProperty("ProjectId").GetString());
            Assert.Equal(session.User.Id.ToString(), tags.GetProperty("UserId").GetString());
        }

        // The wiring uses references, and every reference points at a resource in the file.
        Assert.Equal("${aws_lambda_function.api.arn}", resources.GetProperty("aws_apigatewayv2_integration").GetProperty("http").GetProperty("integration_uri").GetString());
        Assert.Equal("${aws_iam_role.role.arn}", resources.GetProperty("aws_lambda_function").GetProperty("api").GetProperty("role").GetString());
        var policy = resources.GetProperty("aws_iam_role_policy").GetProperty("role").GetProperty("policy").GetString()!;
        Assert.Contains("${aws_dynamodb_table.data.arn}", policy, StringComparison.Ordinal);
        var text = resources.GetRawText();
        var references = Reference().Matches(text).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, m => Assert.True(resources.TryGetProperty(m.Groups[1].Value, out var byName) && byName.TryGetProperty(m.Groups[2].Value, out _),
            $"dangling reference {m.Value}"));

        await client.DeleteAsync($"/api/projects/{id}/infrastructure");
        await ProjectWaits.InfraAsync(client, id, "destroyed");
    }

    [Fact]
    public async Task Export_LandingPage_HasOnlyTheBucket()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "landing", "a static landing page for my bakery");

        var tf = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/terraform");

        Assert.Equal(["aws_s3_bucket", "aws_s3_bucket_website_configuration"],
            tf.GetProperty("resource").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Export_AnotherUsersProject_Returns404()
    {
        var (alice, _) = await app.NewUserAsync();
        var (bob, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(alice, "secret-export");

        await ProblemAssert.IsProblemAsync(await bob.GetAsync($"/api/projects/{id}/terraform"), HttpStatusCode.NotFound);
    }
}
