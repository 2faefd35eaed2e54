using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// A drift app whose resync interval is long enough to rebuild ten stacks on this machine (about 10 s for ten at
/// once), and still far shorter than the default of 300 s.
/// </summary>
public sealed class AccountLossApp : DriftApp
{
    public override int ResyncSeconds => 40;
}

/// <summary>
/// The whole account lost at once (the emulator restarted empty). Runs with the scale tests, alone, because it
/// asserts a time.
/// </summary>
[Collection(ScaleCollection.Name)]
public sealed class AccountLossTests(AccountLossApp app, ITestOutputHelper output) : IClassFixture<AccountLossApp>
{
    private static readonly string[] AllKinds = ["dynamodb-table", "s3-bucket", "iam-role", "lambda-function", "http-api"];

    [Fact]
    public async Task Resync_EmulatorRestartedEmpty_TenDeployedAppsRepairedWithinOneIntervalAndAnsweringAgain()
    {
        const int count = 10;
        var projects = new List<(HttpClient Client, string Id)>();
        for (var i = 0; i < count; i++)
        {
            var (client, _) = await app.NewUserAsync();
            projects.Add((client, await ProjectTests.CreateAsync(client, $"drift-reset-{i}", DriftTests.Prompt)));
        }

        await Task.WhenAll(projects.Select(p => DriftTests.ProvisionAndDeployAsync(p.Client, p.Id)));
        var lastSeq = new Dictionary<string, long>();
        foreach (var (client, id) in projects)
        {
            await DriftTests.AssertAppAnswersAsync(app, client, id);
            lastSeq[id] = await DriftTests.LastSeqAsync(client, id);
        }

        await app.Moto.ResetAsync();
        var resetAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();

        var repairedAfter = await Task.WhenAll(projects.Select(async p =>
        {
            var events = await DriftTests.UntilRepairedAsync(p.Client, p.Id, lastSeq[p.Id], AllKinds, timeoutSeconds: 240);
            Assert.Contains(events, e => e.Message.StartsWith("Drift repaired: dynamodb-table", StringComparison.Ordinal)
                && e.Message.Contains("data was lost", StringComparison.Ordinal));
            var firstRepair = events.First(e => e.Message.StartsWith("Drift repaired: ", StringComparison.Ordinal)).At - resetAt;
            return (Detected: firstRepair, Repaired: watch.Elapsed);
        }));
        var allRepaired = watch.Elapsed;
        foreach (var (client, id) in projects)
        {
            var project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
            Assert.Equal(("deployed", "deployed"), (ProjectWaits.Infra(project), ProjectWaits.App(project)));
            await DriftTests.AssertAppAnswersAsync(app, client, id);
        }

        var answering = watch.Elapsed;
        var drift = await DriftTests.DriftStatsAsync(app);
        var detected = repairedAfter.Select(r => r.Detected.TotalSeconds).Order().ToList();
        var repaired = repairedAfter.Select(r => r.Repaired.TotalSeconds).Order().ToList();
        output.WriteLine(
            $"Emulator reset with {count} deployed apps, resync interval {app.ResyncSeconds} s: "
            + $"first repair event after {detected[0]:F1} s (median {detected[count / 2]:F1} s, last {detected[^1]:F1} s); "
            + $"stack recreated and app redeployed after {repaired[0]:F1} s (median {repaired[count / 2]:F1} s), all {count} after {allRepaired.TotalSeconds:F1} s; "
            + $"all {count} apps then checked one by one through the preview (page + POST /api/todos) by {answering.TotalSeconds:F1} s. "
            + $"Admin drift counters: found {drift.Found}, repaired {drift.Repaired}.");
        var ids = projects.Select(p => p.Id).ToHashSet();
        var cloud = await CloudInventory.AllAsync(app.Aws);
        Assert.Equal(5 * count, cloud.Count(r => ids.Contains(r.Tags.GetValueOrDefault("ProjectId") ?? "")));
        Assert.True(drift.Repaired >= 5 * count, $"drift repaired {drift.Repaired}");

        // The first check to find its stack gone has every other project checked at once; without that, the last
        // project would only be checked up to one interval after the reset, and repaired after it.
        Assert.True(allRepaired < TimeSpan.FromSeconds(app.ResyncSeconds), $"all {count} repaired {allRepaired.TotalSeconds:F1} s after the reset");
        Assert.True(detected[^1] - detected[0] < app.ResyncSeconds / 2.0, $"first repairs {detected[0]:F1}..{detected[^1]:F1} s after the reset");
    }
}
