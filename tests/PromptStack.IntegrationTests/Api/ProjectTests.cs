using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Api;

public abstract class ProjectTests(PromptStackApp app)
{
    [Fact]
    public async Task Create_ValidProject_Returns201WithEstimate()
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects", new { name = "sales-chart", prompt = "a bar chart of monthly sales I can add entries to" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var project = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sales-chart", project.GetProperty("name").GetString());
        Assert.True(project.GetProperty("estimatedMonthlyCost").GetDecimal() > 0);
        Assert.Equal("none", project.GetProperty("infrastructure").GetProperty("status").GetString());
        Assert.Equal("none", project.GetProperty("application").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, project.GetProperty("expiresAt").ValueKind);
        Assert.Equal($"/api/projects/{project.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ListAndGet_ReturnOnlyOwnProjects()
    {
        var (alice, _) = await app.NewUserAsync();
        var (bob, _) = await app.NewUserAsync();
        var aliceProject = await CreateAsync(alice, "alice-notes");
        await CreateAsync(bob, "bob-notes");

        var list = await alice.GetFromJsonAsync<JsonElement>("/api/projects");
        Assert.Equal(["alice-notes"], list.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var got = await alice.GetFromJsonAsync<JsonElement>($"/api/projects/{aliceProject}");
        Assert.Equal("alice-notes", got.GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetAndDelete_AnotherUsersProject_Return404()
    {
        var (alice, _) = await app.NewUserAsync();
        var (bob, _) = await app.NewUserAsync();
        var id = await CreateAsync(alice, "private-app");

        await ProblemAssert.IsProblemAsync(await bob.GetAsync($"/api/projects/{id}"), HttpStatusCode.NotFound, "Project not found");
        await ProblemAssert.IsProblemAsync(await bob.DeleteAsync($"/api/projects/{id}"), HttpStatusCode.NotFound, "Project not found");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/projects/{id}")).StatusCode);
    }

    [Fact]
    public async Task Delete_OwnProject_Returns204AndFreesTheName()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await CreateAsync(client, "short-lived");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/projects/{id}")).StatusCode);

        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/projects/{id}"), HttpStatusCode.NotFound);
        await CreateAsync(client, "short-lived");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("-abc")]
    [InlineData("Sales")]
    [InlineData("sales_chart")]
    [InlineData("sales chart")]
    [InlineData("a23456789012345678901234567890123456789012")]
    [InlineData("")]
    public async Task Create_BadName_Returns400WithNameError(string name)
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects", new { name, prompt = "a to-do list" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a-1")]
    [InlineData("a234567890123456789012345678901234567890")]
    public async Task Create_NameAtTheEdgesOfTheRules_IsAccepted(string name)
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects", new { name, prompt = "a to-do list" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_SameNameTwice_Returns409ButOtherUserMayUseIt()
    {
        var (alice, _) = await app.NewUserAsync();
        var (bob, _) = await app.NewUserAsync();
        await CreateAsync(alice, "my-poll");

        var again = await alice.PostAsJsonAsync("/api/projects", new { name = "my-poll", prompt = "a poll" });

        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "Project name taken");
        await CreateAsync(bob, "my-poll");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Create_EmptyPrompt_Returns400(string prompt)
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects", new { name = "empty-prompt", prompt });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("prompt", out _));
    }

    /// <summary>A prompt the catalog can build, padded to exactly <paramref name="length"/> characters.</summary>
    private static string PromptOf(int length) =>
        string.Concat(Enumerable.Repeat("a guestbook for my wedding where friends leave wishes. ", 100))[..length];

    [Fact]
    public async Task Estimate_PromptOf4000Characters_Returns200()
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects/estimate", new { prompt = PromptOf(4000) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("guestbook", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("template").GetString());
    }

    [Fact]
    public async Task Estimate_UnfitPrompt_Returns422ProblemWithOneWorkingSuggestionPerTemplate()
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects/estimate", new { prompt = "write me a poem" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var suggestions = problem.GetProperty("suggestions").EnumerateArray().ToList();
        Assert.Equal(8, suggestions.Count);
        Assert.Equal(8, suggestions.Select(s => s.GetProperty("template").GetString()).Distinct().Count());
        foreach (var suggestion in suggestions)
        {
            var estimate = await client.PostAsJsonAsync("/api/projects/estimate", new { prompt = suggestion.GetProperty("prompt").GetString() });
            Assert.Equal(HttpStatusCode.OK, estimate.StatusCode);
            Assert.Equal(suggestion.GetProperty("template").GetString(), (await estimate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("template").GetString());
        }
    }

    [Fact]
    public async Task Estimate_PromptOf4001Characters_Returns400()
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects/estimate", new { prompt = PromptOf(4001) });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("prompt", out _));
    }

    [Fact]
    public async Task Create_PromptOf4000Characters_Returns201()
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects", new { name = "long-prompt-ok", prompt = PromptOf(4000) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(4000, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("prompt").GetString()!.Length);
    }

    [Fact]
    public async Task Create_PromptOf4001Characters_Returns400()
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects", new { name = "long-prompt", prompt = PromptOf(4001) });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("prompt", out _));
    }

    [Fact]
    public async Task Estimate_ReturnsBreakdownAndStoresNothing()
    {
        var (client, _) = await app.NewUserAsync();

        var estimate = await client.PostAsJsonAsync("/api/projects/estimate", new { prompt = "a guestbook for 2 million visitors a month" });

        Assert.Equal(HttpStatusCode.OK, estimate.StatusCode);
        var body = await estimate.Content.ReadFromJsonAsync<JsonElement>();
        var lines = body.GetProperty("costBreakdown").EnumerateArray().ToList();
        Assert.Equal(body.GetProperty("resources").GetArrayLength(), lines.Count);
        Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace(l.GetProperty("basis").GetString())));
        Assert.Equal(Math.Round(lines.Sum(l => l.GetProperty("monthlyCost").GetDecimal()), 2), body.GetProperty("estimatedMonthlyCost").GetDecimal());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/projects")).EnumerateArray());
    }

    [Fact]
    public async Task Me_CountsProjectsAndCost()
    {
        var (client, _) = await app.NewUserAsync();
        await CreateAsync(client, "first-app");
        await CreateAsync(client, "second-app");

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        var projects = await client.GetFromJsonAsync<JsonElement>("/api/projects");
        Assert.Equal(2, me.GetProperty("usage").GetProperty("projects").GetInt32());
        Assert.Equal(projects.EnumerateArray().Sum(p => p.GetProperty("estimatedMonthlyCost").GetDecimal()),
            me.GetProperty("usage").GetProperty("estimatedMonthlyCost").GetDecimal());
    }

    public static async Task<string> CreateAsync(HttpClient client, string name, string prompt = "a notes board")
    {
        var response = await client.PostAsJsonAsync("/api/projects", new { name, prompt });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}

public sealed class ProjectTestsOnSqlite(SqliteApp app) : ProjectTests(app), IClassFixture<SqliteApp>;

public sealed class ProjectTestsOnPostgres(PostgresApp app) : ProjectTests(app), IClassFixture<PostgresApp>;
