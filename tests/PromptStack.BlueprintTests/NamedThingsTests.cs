using System.Text.Json.Nodes;
using PromptStack.Blueprints;
using PromptStack.BlueprintTests.Infrastructure;

namespace PromptStack.BlueprintTests;

/// <summary>A prompt that names things (fields, sections, options, contacts, series) and the text each must leave in the app.</summary>
public sealed record NamedCase(string Prompt, string Template, params string[] Named)
{
    public override string ToString() => Prompt;
}

/// <summary>
/// Whatever a prompt names must reach the generated app: every named field, section, option, contact detail and
/// chart series appears in the files, and apps with a backend still answer under Node with the named things in them.
/// </summary>
[Collection(NodeDynamoCollection.Name)]
public sealed class NamedThingsTests(NodeDynamoFixture fixture)
{
    public static readonly IReadOnlyList<NamedCase> Cases =
    [
        // landing-page: sections, hours, e-mail, phone
        new("a landing page for a bakery with opening hours and a contact email", "landing-page", "Opening Hours", "Contact", "E-mail", "mailto:"),
        new("a landing page for my cafe with opening hours 7am-5pm and contact hello@cafe.example", "landing-page", "Opening Hours", "7am-5pm", "mailto:hello@cafe.example"),
        new("a website for my plumbing business with services, pricing and phone 555-123-4567", "landing-page", "Services", "Pricing", "555-123-4567", "tel:5551234567"),
        new("a landing page for our studio with sections gallery, team and contact, email studio@art.example", "landing-page", "Gallery", "Team", "Contact", "studio@art.example"),
        new("a portfolio site with about me, projects and contact email me@jane.example", "landing-page", "About", "Projects", "me@jane.example"),
        new("a landing page for my restaurant with a menu, location and opening hours", "landing-page", "Menu", "Location", "Opening Hours", "Monday"),
        new("a static site for my band with events, gallery and phone 020 7946 0958", "landing-page", "Events", "Gallery", "020 7946 0958"),
        new("a landing page for our startup with pricing, faq and testimonials", "landing-page", "Pricing", "FAQ", "Testimonials"),

        // guestbook and forms: named fields
        new("a contact form with name, email, phone and message fields", "guestbook", "name", "email", "phone", "message"),
        new("an RSVP form with name, email, number of guests and dietary needs", "guestbook", "number_of_guests", "dietary_needs"),
        new("a signup form with first name, last name, email and company fields", "guestbook", "first_name", "last_name", "email", "company"),
        new("a registration form for the workshop with fields name, email, city and t-shirt size", "guestbook", "city", "t_shirt_size"),
        new("a guestbook with name, country and message fields", "guestbook", "name", "country", "message"),
        new("a survey form with fields age, favourite colour and comments", "guestbook", "age", "favourite_colour", "comments"),
        new("a waiting list form asking for name, email and phone number", "guestbook", "name", "email", "phone_number"),

        // expense-tracker: named categories
        new("an expense tracker with categories rent, groceries, utilities and fun", "expense-tracker", "Rent", "Groceries", "Utilities", "Fun"),
        new("track spending on coffee, lunch and books in euros", "expense-tracker", "Coffee", "Lunch", "Books", "EUR"),
        new("a budget tracker with categories: savings, bills, travel", "expense-tracker", "Savings", "Bills", "Travel"),

        // poll: named options
        new("a poll with options tea, coffee and juice", "poll", "Tea", "Coffee", "Juice"),
        new("vote on the team offsite location: Lisbon, Berlin or Oslo", "poll", "Lisbon", "Berlin", "Oslo"),
        new("a poll \"Which framework?\" with options \"React\", \"Vue\", \"Svelte\", \"Angular\"", "poll", "Which framework?", "React", "Vue", "Svelte", "Angular"),
        new("a poll asking which day works best with choices Monday, Tuesday, Thursday", "poll", "Monday", "Tuesday", "Thursday"),
        new("let people vote between pizza, sushi and tacos", "poll", "Pizza", "Sushi", "Tacos"),

        // chart-dashboard: the series and its labels
        new("a bar chart of monthly sales", "chart-dashboard", "Sales", "Month", "bar"),
        new("a line chart of daily temperature", "chart-dashboard", "Temperature", "Day", "line"),
        new("a pie chart of expenses by category", "chart-dashboard", "Expenses", "Category", "pie"),
        new("a chart of website visitors per week", "chart-dashboard", "Website Visitors", "Week"),

        // names given to the app
        new("a shopping list called Groceries", "todo-list", "Groceries"),
        new("a notes board called Team Ideas", "notes-board", "Team Ideas"),
        new("a url shortener called Short Links", "url-shortener", "Short Links"),
    ];

    public static TheoryData<string> Prompts => new(Cases.Select(c => c.Prompt));

    private static NamedCase Find(string prompt) => Cases.Single(c => c.Prompt == prompt);

    [Theory]
    [MemberData(nameof(Prompts))]
    public async Task Generate_PromptNamingThings_EveryNamedThingAppearsInTheApp(string prompt)
    {
        var expected = Find(prompt);
        var blueprint = new OfflineBlueprintGenerator().Generate(prompt).Blueprint;

        Assert.NotNull(blueprint);
        Assert.Equal(expected.Template, blueprint.Template);
        var files = string.Join("\n", blueprint.Files.Select(f => f.Content)) + blueprint.HandlerCode;
        var missing = expected.Named.Where(n => !files.Contains(n, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"missing from the app: {string.Join(", ", missing)}; parameters: {string.Join("; ", blueprint.Parameters)}");
        Assert.DoesNotContain("Tell your visitors about", files, StringComparison.Ordinal);
        await NodeSyntax.AssertParsesAsync(blueprint);
    }

    public static TheoryData<string> FormPrompts => new(Cases.Where(c => c.Template == "guestbook").Select(c => c.Prompt));

    [Theory]
    [MemberData(nameof(FormPrompts))]
    public async Task FormHandler_PromptNamingFields_StoresEveryNamedField(string prompt)
    {
        var blueprint = new OfflineBlueprintGenerator().Generate(prompt).Blueprint!;
        var table = await fixture.CreateTableAsync();
        await using var host = await fixture.StartHandlerAsync(blueprint.HandlerCode!, table);

        // One valid value per field, by the type the template gave it.
        var entry = new JsonObject();
        foreach (var pair in blueprint.Parameters["fieldTypes"].Split(", "))
        {
            var (key, type) = (pair.Split(':')[0], pair.Split(':')[1]);
            entry[key] = type switch
            {
                "email" => "ada@example.com",
                "tel" => "+44 20 7946 0958",
                "url" => "https://example.com/",
                "date" => "2025-06-01",
                "rating" => 4,
                "number" => 2,
                _ => "Some text",
            };
        }

        var created = await host.SendAsync("POST", "/entries", entry.ToJsonString());
        Assert.True(created.StatusCode == 201, created.Body);
        var stored = Assert.Single(await fixture.ItemsAsync(table, "entry"));
        foreach (var named in Find(prompt).Named)
        {
            Assert.True(stored["values"].M.ContainsKey(named), $"{named} was not stored: {created.Body}");
        }
    }

    public static TheoryData<string> PollPrompts => new(Cases.Where(c => c.Template == "poll").Select(c => c.Prompt));

    [Theory]
    [MemberData(nameof(PollPrompts))]
    public async Task PollHandler_PromptNamingOptions_TakesAVoteForEachNamedOption(string prompt)
    {
        var blueprint = new OfflineBlueprintGenerator().Generate(prompt).Blueprint!;
        var table = await fixture.CreateTableAsync();
        await using var host = await fixture.StartHandlerAsync(blueprint.HandlerCode!, table);

        var options = Find(prompt).Named.Where(n => !n.EndsWith('?')).ToList();
        for (var i = 0; i < options.Count; i++)
        {
            var vote = await host.SendAsync("POST", "/votes", new { option = options[i], voter = $"named-voter-{i:D4}-abcdef" });
            Assert.True(vote.StatusCode == 201, vote.Body);
        }

        var results = (await host.SendAsync("GET", "/poll")).Json.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("option").GetString()!, r => r.GetProperty("votes").GetInt32());
        Assert.Equal(options.ToDictionary(o => o, _ => 1), results);
    }
}
