using System.Collections.Concurrent;
using System.Text.Json;
using PromptStack.Blueprints;

namespace PromptStack.BrowserTests;

/// <summary>
/// The generated poll page in chromium, served from a made-up origin through Playwright's router. The API behind
/// it is a small stand-in that, like the generated handler (proven under Node in BlueprintTests), takes one vote
/// per voter id and answers 409 with the earlier choice; here it is the page that is under test.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PollPageTests(BrowserFixture fixture)
{
    private const string Origin = "http://poll.test";

    public static TheoryData<string, int, int> Screens => new() { { "desktop", 1366, 900 }, { "phone", 390, 844 } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task PollPage_VoteThenReload_SaysYouVotedAndOffersNoSecondVote(string screen, int width, int height)
    {
        var blueprint = new OfflineBlueprintGenerator().Generate("a poll \"Best pizza?\" with options margherita, pepperoni, hawaiian").Blueprint!;
        var votes = new ConcurrentDictionary<string, string>();
        var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        await context.RouteAsync($"{Origin}/**", async route =>
        {
            var path = new Uri(route.Request.Url).AbsolutePath.TrimStart('/');
            if (path.StartsWith("api/", StringComparison.Ordinal))
            {
                await Api(route, path[4..], votes);
                return;
            }

            var file = path == "" ? "index.html" : path;
            var body = file == "config.js"
                ? $"window.PROMPTSTACK_CONFIG = {{\"apiUrl\":\"{Origin}/api\"}};"
                : blueprint.Files.SingleOrDefault(f => f.Path == file)?.Content;
            await route.FulfillAsync(body is null ? new() { Status = 404 } : new() { Status = 200, Body = body, ContentType = ContentType(file) });
        });

        var page = await context.NewPageAsync();
        await page.GotoAsync(Origin + "/");
        await Assertions.Expect(page.Locator("#results li")).ToHaveCountAsync(3);
        await page.GetByLabel("Pepperoni").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You voted for Pepperoni.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Vote" })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync("(1 vote)");
        await Ui.ScreenshotAsync(page, $"poll-voted-{screen}");

        // Same browser, later: the voter id in localStorage brings the vote back; no form to vote again.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByText("You voted for Pepperoni.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Vote" })).ToBeHiddenAsync();

        // A tab that still shows the form (opened before the vote) is told the earlier choice, not counted twice.
        var voter = await page.EvaluateAsync<string>("() => localStorage.getItem('promptstack-poll-voter')");
        Assert.Matches("^[0-9a-f]{32}$", voter);
        var stale = await context.NewPageAsync();
        await stale.RouteAsync($"{Origin}/api/votes/*", route => route.FulfillAsync(new() { Status = 200, Body = "{\"voted\":null}", ContentType = "application/json" }));
        await stale.GotoAsync(Origin + "/");
        await stale.GetByLabel("Hawaiian").CheckAsync();
        await stale.GetByRole(AriaRole.Button, new() { Name = "Vote" }).ClickAsync();
        await Assertions.Expect(stale.GetByText("You voted for Pepperoni.")).ToBeVisibleAsync();
        await Assertions.Expect(stale.Locator("#total")).ToHaveTextAsync("(1 vote)");
        Assert.Single(votes);
        await context.CloseAsync();
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/javascript; charset=utf-8",
    };

    /// <summary>GET poll, GET votes/{voter}, POST votes {option, voter}: one vote per voter, as the handler does.</summary>
    private static Task Api(IRoute route, string path, ConcurrentDictionary<string, string> votes)
    {
        object Poll(string? voted, string? error = null) => new
        {
            error,
            voted,
            results = new[] { "Margherita", "Pepperoni", "Hawaiian" }.Select(o => new { option = o, votes = votes.Values.Count(v => v == o) }).ToList(),
            total = votes.Count,
        };

        var (status, answer) = path switch
        {
            "poll" => (200, Poll(null)),
            _ when path.StartsWith("votes/", StringComparison.Ordinal) => (200, new { voted = votes.TryGetValue(path[6..], out var mine) ? mine : null }),
            _ => Vote(),
        };
        return route.FulfillAsync(new() { Status = status, Body = JsonSerializer.Serialize(answer), ContentType = "application/json" });

        (int, object) Vote()
        {
            var body = JsonDocument.Parse(route.Request.PostData!).RootElement;
            var voter = body.GetProperty("voter").GetString()!;
            var option = body.GetProperty("option").GetString()!;
            return votes.TryAdd(voter, option) ? (201, Poll(option)) : (409, Poll(votes[voter], "You already voted."));
        }
    }
}
