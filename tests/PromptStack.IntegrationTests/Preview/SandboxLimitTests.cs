using System.Diagnostics;
using System.Net;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Web.Features.Preview;

namespace PromptStack.IntegrationTests.Preview;

/// <summary>Handlers that loop, hog memory, crash or flood: each gets Lambda's answer and leaves no process behind.</summary>
public sealed class SandboxLimitTests(SandboxApp app) : IClassFixture<SandboxApp>
{
    [Fact]
    public async Task InfiniteLoop_Returns504WithinTimeout()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await app.DeployHandlerAsync(client, "export const handler = async () => { while (true) {} };");
        var preview = await app.PreviewClientAsync(client, id);
        var clock = Stopwatch.StartNew();

        var response = await preview.GetAsync("/api/spin");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout, "The function timed out");
        Assert.InRange(clock.Elapsed, app.Runtime.Limits.Timeout, app.Runtime.Limits.Timeout + TimeSpan.FromSeconds(5));
        AssertNoProcessLeft(id);
    }

    [Theory]
    [InlineData("process.exit(1);", "The function failed")]
    [InlineData("throw new Error('boom');", "The function failed")]
    [InlineData("process.exit(0);", "The function returned no response")]
    [InlineData("return { statusCode: 42 };", "The function returned an invalid response")]
    [InlineData("return { statusCode: 101 };", "The function returned an invalid response")]
    [InlineData("return { statusCode: 200, isBase64Encoded: true, body: '%%%' };", "The function returned an invalid response")]
    [InlineData("return { statusCode: 200, body: 'x'.repeat(7 * 1024 * 1024) };", "The function's response is too large")]
    [InlineData("process.stdout.write('\\n@@result@@{not json'); process.exit(0);", "The function returned an invalid response")]
    public async Task BrokenHandler_Returns502(string body, string title)
    {
        var (client, _) = await app.NewUserAsync();
        var id = await app.DeployHandlerAsync(client, $"export const handler = async () => {{ console.log('about to fail'); {body} }};");
        var preview = await app.PreviewClientAsync(client, id);

        var response = await preview.GetAsync("/api/broken");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, title);
        Assert.Contains("about to fail", app.Runtime.Logs.Read(Guid.Parse(id)));
        AssertNoProcessLeft(id);
    }

    [Fact]
    public async Task Flood_BeyondConcurrencyLimit_IsTurnedAwayAndServerStaysHealthy()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await app.DeployHandlerAsync(client, "export const handler = async () => { await new Promise(r => setTimeout(r, 1500)); return { ok: true }; };");
        var preview = await app.PreviewClientAsync(client, id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => preview.GetAsync("/api/slow")));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var throttled = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(throttled);
        Assert.All(throttled, r => Assert.NotNull(r.Headers.RetryAfter));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, r.StatusCode.ToString()));
        Assert.Equal(HttpStatusCode.OK, (await preview.GetAsync("/api/after")).StatusCode);
        AssertNoProcessLeft(id);
    }

    /// <summary>
    /// No process still runs this project's handler, and no child of ours stays a zombie. A child that has just ended is
    /// a zombie until the runtime reaps it, and other tests' children (moto, npm, other handlers) end at any moment, so
    /// only a zombie still there a few seconds later counts: one was seen in CI between a child's exit and its reaping.
    /// </summary>
    internal static void AssertNoProcessLeft(string projectId)
    {
        var folder = Guid.Parse(projectId).ToString("N");
        foreach (var proc in Processes())
        {
            try
            {
                Assert.DoesNotContain(folder, File.ReadAllText(Path.Combine(proc, "cmdline")), StringComparison.Ordinal);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        var zombies = ZombieChildren();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (zombies.Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            zombies = [.. ZombieChildren().Intersect(zombies)];
        }

        Assert.True(zombies.Count == 0, $"zombie children not reaped in 5 s: {string.Join(", ", zombies)}");
    }

    private static IEnumerable<string> Processes() => Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _));

    private static List<string> ZombieChildren()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var zombies = new List<string>();
        foreach (var proc in Processes())
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(proc, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z" && fields[1] == self)
                {
                    zombies.Add(proc);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return zombies;
    }
}
