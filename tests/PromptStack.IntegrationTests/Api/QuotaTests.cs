using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Api;

public abstract class QuotaTests(PromptStackApp app)
{
    // About $19.83 a month with the us-east-1 price table; over $50 with "30 million".
    private const string MediumPrompt = "a guestbook for 8 million visitors a month";
    private const string HugePrompt = "a url shortener for 30 million requests a month";

    [Fact]
    public async Task Create_EleventhProject_Returns409ProjectLimit()
    {
        var (client, _) = await app.NewUserAsync();
        for (var i = 0; i < 10; i++)
        {
            await ProjectTests.CreateAsync(client, $"app-{i}");
        }

        var response = await client.PostAsJsonAsync("/api/projects", new { name = "app-10", prompt = "a notes board" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "Project limit reached");
    }

    [Fact]
    public async Task Create_ProjectOverCostLimit_Returns409ProjectCostLimit()
    {
        var (client, _) = await app.NewUserAsync();

        var response = await client.PostAsJsonAsync("/api/projects", new { name = "huge-app", prompt = HugePrompt });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "Project cost limit exceeded");
        // Money in the words the UI uses: thousands separated, two decimals.
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Matches(@"^This app is estimated at \$\d{1,3}(,\d{3})*\.\d\d/month; a project may cost at most \$50\.00/month\.$", detail);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/projects")).EnumerateArray());
    }

    [Fact]
    public async Task Create_PastTotalCostLimit_Returns409TotalCostLimit()
    {
        var (client, _) = await app.NewUserAsync();
        for (var i = 0; i < 5; i++)
        {
            await ProjectTests.CreateAsync(client, $"medium-{i}", MediumPrompt);
        }

        var response = await client.PostAsJsonAsync("/api/projects", new { name = "medium-5", prompt = MediumPrompt });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "Total cost limit exceeded");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(5, me.GetProperty("usage").GetProperty("projects").GetInt32());
        Assert.True(me.GetProperty("usage").GetProperty("estimatedMonthlyCost").GetDecimal() <= 100m);
    }

    [Fact]
    public async Task Create_ThirtyConcurrentRequests_LeavesExactlyTen()
    {
        var (client, _) = await app.NewUserAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            client.PostAsJsonAsync("/api/projects", new { name = $"race-{i}", prompt = "a to-do list" })));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(10, (await client.GetFromJsonAsync<JsonElement>("/api/projects")).GetArrayLength());
    }
}

public sealed class QuotaTestsOnSqlite(SqliteApp app) : QuotaTests(app), IClassFixture<SqliteApp>;

public sealed class QuotaTestsOnPostgres(PostgresApp app) : QuotaTests(app), IClassFixture<PostgresApp>;
