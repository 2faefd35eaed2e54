using System.Text.Json;
using System.Text.RegularExpressions;
using PromptStack.Blueprints;
using PromptStack.BlueprintTests.Infrastructure;

namespace PromptStack.BlueprintTests;

/// <summary>
/// Runs every generated handler in Node.js 20 against moto's DynamoDB with API Gateway HTTP API (payload 2.0) events.
/// </summary>
[Collection(NodeDynamoCollection.Name)]
public sealed partial class HandlerTests(NodeDynamoFixture fixture)
{
    private async Task<(NodeHandlerHost Host, string Table)> StartAsync(string prompt, string template)
    {
        var blueprint = new OfflineBlueprintGenerator().Generate(prompt).Blueprint!;
        Assert.Equal(template, blueprint.Template);
        var table = await fixture.CreateTableAsync();
        return (await fixture.StartHandlerAsync(blueprint.HandlerCode!, table), table);
    }

    private static void AssertJson(HandlerResponse response, int status)
    {
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {response.Body}");
        Assert.Equal("application/json", response.Header("content-type"));
        Assert.Equal("*", response.Header("access-control-allow-origin"));
    }

    private static string Error(HandlerResponse response) => response.Json.GetProperty("error").GetString()!;

    [Fact]
    public async Task TodoHandler_CreateListUpdateDelete_StoresTimeSortedItems()
    {
        var (host, table) = await StartAsync("a to-do list", "todo-list");
        await using var running = host;

        var milk = await host.SendAsync("POST", "/todos", new { text = "Buy milk" });
        AssertJson(milk, 201);
        var dog = await host.SendAsync("POST", "/todos", new { text = "  Walk the dog  " }, base64: true);
        AssertJson(dog, 201);
        Assert.Equal("Walk the dog", dog.Json.GetProperty("text").GetString());

        var list = await host.SendAsync("GET", "/todos");
        AssertJson(list, 200);
        Assert.Equal(["Buy milk", "Walk the dog"], list.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));

        var milkId = milk.Json.GetProperty("id").GetString()!;
        var done = await host.SendAsync("PATCH", $"/todos/{milkId}", new { done = true });
        AssertJson(done, 200);
        Assert.True(done.Json.GetProperty("done").GetBoolean());

        AssertJson(await host.SendAsync("DELETE", $"/todos/{milkId}"), 200);
        AssertJson(await host.SendAsync("DELETE", $"/todos/{milkId}"), 404);
        var after = await host.SendAsync("GET", "/todos");
        Assert.Equal(["Walk the dog"], after.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));

        var items = await fixture.ItemsAsync(table, "todo");
        var item = Assert.Single(items);
        Assert.Matches(IdPattern(), item["sk"].S);
        Assert.Equal(dog.Json.GetProperty("id").GetString(), item["sk"].S);
    }

    [Fact]
    public async Task TodoHandler_InvalidInput_Answers400WithJsonError()
    {
        var (host, _) = await StartAsync("a to-do list", "todo-list");
        await using var running = host;

        Assert.Equal("Text is required.", Error(await host.SendAsync("POST", "/todos", new { })));
        AssertJson(await host.SendAsync("POST", "/todos", new { text = new string('x', 201) }), 400);
        AssertJson(await host.SendAsync("POST", "/todos", new { text = 42 }), 400);
        Assert.Equal("The request body is not valid JSON.", Error(await host.SendAsync("POST", "/todos", "{not json")));
        AssertJson(await host.SendAsync("POST", "/todos"), 400);
        AssertJson(await host.SendAsync("POST", "/todos", "[1,2]"), 400);
        AssertJson(await host.SendAsync("POST", "/todos", new { text = new string('x', 20_000) }), 413);
        AssertJson(await host.SendAsync("PATCH", "/todos/0000000000000-0000000000", new { done = "yes" }), 400);
        AssertJson(await host.SendAsync("DELETE", "/todos/not-an-id"), 404);
        AssertJson(await host.SendAsync("GET", "/nothing-here"), 404);
        AssertJson(await host.SendAsync("PUT", "/todos", new { text = "x" }), 405);
    }

    [Fact]
    public async Task TodoHandler_PreflightAndStagePrefix_AnswerWithCors()
    {
        var (host, _) = await StartAsync("a to-do list", "todo-list");
        await using var running = host;

        var preflight = await host.SendAsync("OPTIONS", "/todos");
        Assert.Equal(204, preflight.StatusCode);
        Assert.Equal("*", preflight.Header("access-control-allow-origin"));
        Assert.Contains("content-type", preflight.Header("access-control-allow-headers"), StringComparison.Ordinal);

        AssertJson(await host.SendAsync("POST", "/todos", new { text = "staged" }, stage: "prod"), 201);
        var list = await host.SendAsync("GET", "/todos", stage: "prod");
        AssertJson(list, 200);
        Assert.Single(list.Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task GuestbookHandler_FeedbackWithFields_ValidatesAndHidesEmailFromList()
    {
        var (host, table) = await StartAsync("a feedback form with name, email and rating fields", "guestbook");
        await using var running = host;

        var created = await host.SendAsync("POST", "/entries", new { name = "Ada", email = "ada@example.com", rating = 5, extra = "ignored" });
        AssertJson(created, 201);
        Assert.False(created.Json.GetProperty("values").TryGetProperty("email", out _));

        Assert.Equal("Rating must be between 1 and 5.", Error(await host.SendAsync("POST", "/entries", new { name = "Bob", email = "bob@example.com", rating = 7 })));
        Assert.Equal("Email must be an e-mail address.", Error(await host.SendAsync("POST", "/entries", new { name = "Bob", email = "not-an-email", rating = 3 })));
        Assert.Equal("Name is required.", Error(await host.SendAsync("POST", "/entries", new { email = "bob@example.com", rating = 3 })));
        AssertJson(await host.SendAsync("POST", "/entries", new { name = "Bob", email = "bob@example.com", rating = 2.5 }), 400);

        var list = await host.SendAsync("GET", "/entries");
        AssertJson(list, 200);
        var entry = Assert.Single(list.Json.GetProperty("items").EnumerateArray());
        Assert.Equal("Ada", entry.GetProperty("values").GetProperty("name").GetString());
        Assert.Equal(5, entry.GetProperty("values").GetProperty("rating").GetInt32());
        Assert.DoesNotContain("ada@example.com", list.Body, StringComparison.Ordinal);

        var stored = Assert.Single(await fixture.ItemsAsync(table, "entry"));
        Assert.Equal("ada@example.com", stored["values"].M["email"].S);
        Assert.False(stored["values"].M.ContainsKey("extra"));
        Assert.Matches(IdPattern(), stored["sk"].S);
    }

    [Fact]
    public async Task GuestbookHandler_DefaultFields_ListsNewestFirst()
    {
        var (host, _) = await StartAsync("a guestbook", "guestbook");
        await using var running = host;

        AssertJson(await host.SendAsync("POST", "/entries", new { name = "First", message = "Hello" }), 201);
        await Task.Delay(5);
        AssertJson(await host.SendAsync("POST", "/entries", new { name = "Second", message = "Hi again" }), 201);
        AssertJson(await host.SendAsync("POST", "/entries", new { name = "No message" }), 400);

        var list = await host.SendAsync("GET", "/entries");
        Assert.Equal(["Second", "First"], list.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("values").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task PollHandler_Votes_AreCountedPerOption()
    {
        var (host, table) = await StartAsync("a poll \"Best pizza?\" with options margherita, pepperoni, hawaiian", "poll");
        await using var running = host;

        var empty = await host.SendAsync("GET", "/poll");
        AssertJson(empty, 200);
        Assert.Equal("Best pizza?", empty.Json.GetProperty("question").GetString());
        Assert.Equal(0, empty.Json.GetProperty("total").GetInt32());

        AssertJson(await host.SendAsync("POST", "/votes", new { option = "Pepperoni", voter = Voter(1) }), 201);
        AssertJson(await host.SendAsync("POST", "/votes", new { option = "pepperoni", voter = Voter(2) }), 201);
        var last = await host.SendAsync("POST", "/votes", new { option = "Hawaiian", voter = Voter(3) });
        AssertJson(last, 201);
        Assert.Equal(3, last.Json.GetProperty("total").GetInt32());
        Assert.StartsWith("Option must be one of: Margherita, Pepperoni, Hawaiian", Error(await host.SendAsync("POST", "/votes", new { option = "Pineapple", voter = Voter(4) })), StringComparison.Ordinal);
        AssertJson(await host.SendAsync("POST", "/votes", new { }), 400);
        Assert.Equal("Voter is required.", Error(await host.SendAsync("POST", "/votes", new { option = "Hawaiian" })));
        Assert.Equal("Voter is not valid.", Error(await host.SendAsync("POST", "/votes", new { option = "Hawaiian", voter = "short" })));
        AssertJson(await host.SendAsync("GET", "/votes"), 405);

        var results = await host.SendAsync("GET", "/poll");
        var votes = results.Json.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("option").GetString()!, r => r.GetProperty("votes").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Margherita"] = 0, ["Pepperoni"] = 2, ["Hawaiian"] = 1 }, votes);
        Assert.Equal(3, (await fixture.ItemsAsync(table, "vote")).Count);
        Assert.All(await fixture.ItemsAsync(table, "vote"), v => Assert.Matches(IdPattern(), v["sk"].S));
    }

    private static string Voter(int n) => $"voter-{n:D4}-0123456789abcdef";

    [Fact]
    public async Task PollHandler_SecondVoteFromTheSameVoter_IsRefusedAndNotCounted()
    {
        var (host, table) = await StartAsync("a poll \"Best pizza?\" with options margherita, pepperoni, hawaiian", "poll");
        await using var running = host;

        var first = await host.SendAsync("POST", "/votes", new { option = "Margherita", voter = Voter(1) });
        AssertJson(first, 201);
        Assert.Equal("Margherita", first.Json.GetProperty("voted").GetString());

        // Same browser, another option: refused with the first choice and the unchanged results.
        var again = await host.SendAsync("POST", "/votes", new { option = "Hawaiian", voter = Voter(1) });
        AssertJson(again, 409);
        Assert.Equal("You already voted.", Error(again));
        Assert.Equal("Margherita", again.Json.GetProperty("voted").GetString());
        Assert.Equal(1, again.Json.GetProperty("total").GetInt32());

        // Another browser still votes.
        AssertJson(await host.SendAsync("POST", "/votes", new { option = "Pepperoni", voter = Voter(2) }), 201);
        AssertJson(await host.SendAsync("POST", "/votes", new { option = "Pepperoni", voter = Voter(2) }), 409);

        var mine = await host.SendAsync("GET", $"/votes/{Voter(1)}");
        AssertJson(mine, 200);
        Assert.Equal("Margherita", mine.Json.GetProperty("voted").GetString());
        var stranger = await host.SendAsync("GET", $"/votes/{Voter(9)}");
        Assert.Equal(JsonValueKind.Null, stranger.Json.GetProperty("voted").ValueKind);
        AssertJson(await host.SendAsync("GET", "/votes/bad"), 404);

        var results = await host.SendAsync("GET", "/poll");
        Assert.Equal(2, results.Json.GetProperty("total").GetInt32());
        Assert.Equal(2, (await fixture.ItemsAsync(table, "vote")).Count);
        Assert.Equal(2, (await fixture.ItemsAsync(table, "voter")).Count);
    }

    [Fact]
    public async Task UrlShortenerHandler_CreateRedirectDelete_Answers302AndCountsClicks()
    {
        var (host, table) = await StartAsync("a url shortener", "url-shortener");
        await using var running = host;

        var created = await host.SendAsync("POST", "/links", new { url = "https://example.com/a/long/path?x=1" });
        AssertJson(created, 201);
        var code = created.Json.GetProperty("code").GetString()!;
        Assert.Matches("^[A-Za-z0-9]{7}$", code);
        Assert.Equal($"/r/{code}", created.Json.GetProperty("path").GetString());

        var redirect = await host.SendAsync("GET", $"/r/{code}");
        Assert.Equal(302, redirect.StatusCode);
        Assert.Equal("https://example.com/a/long/path?x=1", redirect.Header("location"));
        Assert.Equal("*", redirect.Header("access-control-allow-origin"));
        await host.SendAsync("GET", $"/r/{code}");

        var list = await host.SendAsync("GET", "/links");
        var link = Assert.Single(list.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(2, link.GetProperty("clicks").GetInt32());
        Assert.Matches(IdPattern(), link.GetProperty("id").GetString()!);

        Assert.Equal("URL must be a full http:// or https:// address.", Error(await host.SendAsync("POST", "/links", new { url = "javascript:alert(1)" })));
        AssertJson(await host.SendAsync("POST", "/links", new { url = "not a url" }), 400);
        AssertJson(await host.SendAsync("POST", "/links", new { url = "https://example.com/" + new string('a', 2100) }), 400);
        AssertJson(await host.SendAsync("GET", "/r/Nope123"), 404);
        AssertJson(await host.SendAsync("GET", "/r/<script>"), 404);

        AssertJson(await host.SendAsync("DELETE", $"/links/{code}"), 200);
        AssertJson(await host.SendAsync("GET", $"/r/{code}"), 404);
        Assert.Empty(await fixture.ItemsAsync(table, "link"));
        Assert.Empty(await fixture.ItemsAsync(table, "code"));
    }

    [Fact]
    public async Task NotesHandler_CreateListDelete_ValidatesColour()
    {
        var (host, table) = await StartAsync("a notes board", "notes-board");
        await using var running = host;

        var first = await host.SendAsync("POST", "/notes", new { title = "Idea", text = "Ship it", color = "blue" });
        AssertJson(first, 201);
        await Task.Delay(5);
        var second = await host.SendAsync("POST", "/notes", new { text = "Default colour" });
        AssertJson(second, 201);
        Assert.Equal("yellow", second.Json.GetProperty("color").GetString());

        Assert.StartsWith("Color must be one of", Error(await host.SendAsync("POST", "/notes", new { text = "x", color = "black" })), StringComparison.Ordinal);
        Assert.Equal("Text is required.", Error(await host.SendAsync("POST", "/notes", new { title = "No text" })));
        AssertJson(await host.SendAsync("POST", "/notes", new { text = new string('n', 1001) }), 400);

        var list = await host.SendAsync("GET", "/notes");
        Assert.Equal(["Default colour", "Ship it"], list.Json.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("text").GetString()));

        AssertJson(await host.SendAsync("DELETE", $"/notes/{first.Json.GetProperty("id").GetString()}"), 200);
        var stored = Assert.Single(await fixture.ItemsAsync(table, "note"));
        Assert.Equal("Default colour", stored["text"].S);
    }

    [Fact]
    public async Task ChartHandler_Entries_AreSummedIntoSeriesByLabel()
    {
        var (host, table) = await StartAsync("a pie chart of market share by company", "chart-dashboard");
        await using var running = host;

        AssertJson(await host.SendAsync("POST", "/entries", new { label = "Acme", value = 30 }), 201);
        AssertJson(await host.SendAsync("POST", "/entries", new { label = "Globex", value = 20.5 }), 201);
        var third = await host.SendAsync("POST", "/entries", new { label = "Acme", value = "5" });
        AssertJson(third, 201);

        Assert.Equal("Market Share must be between 0 and 1000000000000.", Error(await host.SendAsync("POST", "/entries", new { label = "Initech", value = -1 })));
        Assert.Equal("Market Share must be a number.", Error(await host.SendAsync("POST", "/entries", new { label = "Initech", value = "lots" })));
        Assert.Equal("Company is required.", Error(await host.SendAsync("POST", "/entries", new { value = 1 })));

        var list = await host.SendAsync("GET", "/entries");
        AssertJson(list, 200);
        Assert.Equal("pie", list.Json.GetProperty("chart").GetProperty("kind").GetString());
        Assert.Equal(3, list.Json.GetProperty("items").GetArrayLength());
        Assert.Equal([("Acme", 35m), ("Globex", 20.5m)], Series(list.Json));

        AssertJson(await host.SendAsync("DELETE", $"/entries/{third.Json.GetProperty("id").GetString()}"), 200);
        Assert.Equal([("Acme", 30m), ("Globex", 20.5m)], Series((await host.SendAsync("GET", "/entries")).Json));
        Assert.Equal(2, (await fixture.ItemsAsync(table, "entry")).Count);
    }

    [Fact]
    public async Task ExpenseHandler_Expenses_AreTotalledPerCategory()
    {
        var (host, table) = await StartAsync("expense tracker with categories food, rent and travel in euros", "expense-tracker");
        await using var running = host;

        AssertJson(await host.SendAsync("POST", "/expenses", new { description = "Groceries", amount = 12.5, category = "Food", date = "2025-01-31" }), 201);
        AssertJson(await host.SendAsync("POST", "/expenses", new { description = "Pizza", amount = 9.99, category = "food" }), 201);
        var rent = await host.SendAsync("POST", "/expenses", new { description = "January rent", amount = 800, category = "Rent" });
        AssertJson(rent, 201);

        Assert.StartsWith("Category must be one of: Food, Rent, Travel", Error(await host.SendAsync("POST", "/expenses", new { description = "Cinema", amount = 10, category = "Fun" })), StringComparison.Ordinal);
        AssertJson(await host.SendAsync("POST", "/expenses", new { description = "Free", amount = 0, category = "Food" }), 400);
        Assert.Equal("Date must be a real date.", Error(await host.SendAsync("POST", "/expenses", new { description = "Leap", amount = 1, category = "Food", date = "2025-02-30" })));
        AssertJson(await host.SendAsync("POST", "/expenses", new { amount = 1, category = "Food" }), 400);

        var list = await host.SendAsync("GET", "/expenses");
        AssertJson(list, 200);
        Assert.Equal("EUR", list.Json.GetProperty("currency").GetString());
        Assert.Equal(Totals(22.49m, 800m, 0m), Totals(list.Json));
        Assert.Equal(822.49m, list.Json.GetProperty("total").GetDecimal());

        AssertJson(await host.SendAsync("DELETE", $"/expenses/{rent.Json.GetProperty("id").GetString()}"), 200);
        Assert.Equal(Totals(22.49m, 0m, 0m), Totals((await host.SendAsync("GET", "/expenses")).Json));
        Assert.All(await fixture.ItemsAsync(table, "expense"), e => Assert.Matches(IdPattern(), e["sk"].S));
    }

    private static List<(string, decimal)> Series(JsonElement json) =>
        json.GetProperty("series").EnumerateArray().Select(s => (s.GetProperty("label").GetString()!, s.GetProperty("value").GetDecimal())).ToList();

    private static Dictionary<string, decimal> Totals(decimal food, decimal rent, decimal travel) =>
        new() { ["Food"] = food, ["Rent"] = rent, ["Travel"] = travel };

    private static Dictionary<string, decimal> Totals(JsonElement json) =>
        json.GetProperty("totals").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDecimal());

    [GeneratedRegex(@"^\d{13}-[0-9a-f]{10}$")]
    private static partial Regex IdPattern();
}
