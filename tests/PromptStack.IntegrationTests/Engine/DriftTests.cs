using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.Data;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Drivers;
using Xunit.Abstractions;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// An app with its own moto server, which the tests empty or edit behind the platform's back, and a short (3-second)
/// resync interval. Its AWS traffic goes through a fault-free <see cref="FaultProxy"/> that tells writes from reads.
/// </summary>
public class DriftApp : SqliteApp
{
    public virtual int ResyncSeconds => 3;

    public MotoServer Moto { get; private set; } = null!;

    public FaultProxy Proxy { get; private set; } = null!;

    public AwsClientFactory Aws => Services.GetRequiredService<AwsClientFactory>();

    public override async Task InitializeAsync()
    {
        Moto = await MotoServer.StartAsync();
        Proxy = await FaultProxy.StartAsync(Moto.Url);
        Settings["AWS_ENDPOINT_URL"] = Proxy.Url;
        Settings["RESYNC_INTERVAL_SECONDS"] = ResyncSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
        await Moto.DisposeAsync();
    }

    /// <summary>When the reconciler next checks the project (read from the database).</summary>
    public async Task<DateTimeOffset?> ResyncAtAsync(string projectId)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var id = Guid.Parse(projectId);
        return await db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == id).Select(p => p.ResyncAt).SingleAsync();
    }
}

public sealed class DriftTests(DriftApp app, ITestOutputHelper output) : IClassFixture<DriftApp>
{
    internal const string Prompt = "a to-do list for my chores";

    [Fact]
    public async Task Resync_FunctionAndTableDeletedOutOfBand_RecreatedTableEmptyAndEventsSayDataLost()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "drift-deleted", Prompt);
        await ProvisionAndDeployAsync(client, id);
        var project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
        var table = Physical(project, "dynamodb-table");
        var function = Physical(project, "lambda-function");
        using var dynamo = app.Aws.CreateDynamoDbClient("test");
        await dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new("probe"), ["sk"] = new("1") });
        Assert.Equal(1, (await dynamo.ScanAsync(new ScanRequest { TableName = table })).Count);
        var since = await LastSeqAsync(client, id);
        var driftBefore = await DriftStatsAsync();

        var lambda = app.Aws.CreateLambdaClient("test");
        await lambda.DeleteFunctionAsync(function);
        await dynamo.DeleteTableAsync(table);
        var watch = Stopwatch.StartNew();

        var events = (await UntilRepairedAsync(client, id, since, ["dynamodb-table", "lambda-function"], timeoutSeconds: 120)).Select(e => e.Message);
        var repaired = watch.Elapsed;
        var repairs = events.Where(e => e.StartsWith("Drift repaired: ", StringComparison.Ordinal)).ToList();
        output.WriteLine($"Function and table deleted out of band: repaired {repaired.TotalSeconds:F1} s later. Events:\n  " + string.Join("\n  ", repairs));

        var tableEvent = Assert.Single(repairs, e => e.StartsWith($"Drift repaired: dynamodb-table {table} was missing", StringComparison.Ordinal));
        Assert.Contains("data was lost", tableEvent, StringComparison.Ordinal);
        Assert.Single(repairs, e => e.StartsWith($"Drift repaired: lambda-function {function} was missing", StringComparison.Ordinal));
        // The function's resource policy went with it, so the API's invoke permission is put back; bucket and role were untouched.
        Assert.Single(repairs, e => e.StartsWith("Drift repaired: http-api", StringComparison.Ordinal) && e.Contains("invoke permission", StringComparison.Ordinal));
        Assert.DoesNotContain(repairs, e => e.Contains("s3-bucket", StringComparison.Ordinal) || e.Contains("iam-role", StringComparison.Ordinal));

        Assert.Equal(0, (await dynamo.ScanAsync(new ScanRequest { TableName = table })).Count);
        Assert.NotEqual(LambdaFunctionDriver.PlaceholderSha256, (await lambda.GetFunctionAsync(function))!.CodeSha256);
        project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
        Assert.Equal(("deployed", "deployed"), (ProjectWaits.Infra(project), ProjectWaits.App(project)));
        await AssertAppAnswersAsync(client, id);
        var driftAfter = await DriftStatsAsync();
        Assert.True(driftAfter.Found - driftBefore.Found >= 3, $"found {driftBefore.Found} -> {driftAfter.Found}");
        Assert.True(driftAfter.Repaired - driftBefore.Repaired >= 3, $"repaired {driftBefore.Repaired} -> {driftAfter.Repaired}");
    }

    [Fact]
    public async Task Resync_IntactStack_MakesNoWriteCall()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "drift-intact", Prompt);
        await ProvisionAndDeployAsync(client, id);

        // Projects of the other tests share the app: wait until none of them is being repaired any more.
        await UntilNoWritesAsync(TimeSpan.FromSeconds(2 * app.ResyncSeconds), TimeSpan.FromSeconds(180));
        var since = await LastSeqAsync(client, id);

        // One check may already be under way as the window opens; two changes of ResyncAt mean one whole check in it.
        var writesBefore = app.Proxy.Writes.Count;
        var callsBefore = app.Proxy.Calls;
        var watch = Stopwatch.StartNew();
        var checks = await CountResyncsAsync(id, wanted: 2, timeout: TimeSpan.FromSeconds(60));
        var writes = app.Proxy.Writes.Skip(writesBefore).ToList();
        var calls = app.Proxy.Calls - callsBefore;

        output.WriteLine(
            $"Intact stacks resynced {checks} times in {watch.Elapsed.TotalSeconds:F1} s (every project in the app is checked in that window): "
            + $"{calls} AWS calls, {writes.Count} of them writes{(writes.Count == 0 ? "" : ": " + string.Join(", ", writes))}.");
        Assert.Empty(writes);
        Assert.True(calls > 0, "a check reads every resource");
        var events = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events?after={since}");
        Assert.Empty(events.EnumerateArray());
        var project = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
        Assert.Equal(("deployed", "deployed"), (ProjectWaits.Infra(project), ProjectWaits.App(project)));
    }

    internal static async Task ProvisionAndDeployAsync(HttpClient client, string id)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed", timeoutSeconds: 300)));
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/application", null)).StatusCode);
        var project = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.App(p) is "deployed" or "failed", timeoutSeconds: 300);
        Assert.True(ProjectWaits.App(project) == "deployed", project.ToString());
    }

    private Task AssertAppAnswersAsync(HttpClient owner, string id) => AssertAppAnswersAsync(app, owner, id);

    /// <summary>The page and the API (which needs the table) both answer through the preview origin.</summary>
    internal static async Task AssertAppAnswersAsync(DriftApp app, HttpClient owner, string id)
    {
        var browser = await app.PreviewClientAsync(owner, id);
        var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("config.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var created = await browser.PostAsJsonAsync("/api/todos", new { text = "water the plants" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>
    /// Waits until each of the five resources has been repaired and the application redeployed after the last of them.
    /// A check under way at the moment of the reset may see some resources before it and some after, so the repairs can
    /// be spread over two runs, and a resource recreated by a run that then failed is only "changed" for the next one.
    /// </summary>
    internal static async Task<List<(DateTimeOffset At, string Message)>> UntilRepairedAsync(
        HttpClient client, string id, long after, string[] kinds, int timeoutSeconds)
    {
        var watch = Stopwatch.StartNew();
        List<(long Seq, DateTimeOffset At, string Level, string Message)> events;
        do
        {
            events = (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events?after={after}")).EnumerateArray()
                .Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("at").GetDateTimeOffset(), e.GetProperty("level").GetString()!,
                    e.GetProperty("message").GetString()!)).ToList();
            Assert.DoesNotContain(events, e => e.Level == "error");
            var lastRecreated = kinds.Select(k => events.Where(e => e.Message.StartsWith($"Drift repaired: {k} ", StringComparison.Ordinal))
                .Select(e => e.Seq).DefaultIfEmpty(-1).Max()).ToList();
            if (lastRecreated.All(seq => seq >= 0)
                && events.Any(e => e.Seq > lastRecreated.Max() && e.Message.StartsWith("Drift repaired: application version", StringComparison.Ordinal)))
            {
                return events.Select(e => (e.At, e.Message)).ToList();
            }

            await Task.Delay(100);
        }
        while (watch.Elapsed < TimeSpan.FromSeconds(timeoutSeconds));

        Assert.Fail($"Project {id} not repaired in {timeoutSeconds} s; events: {string.Join(" | ", events.Select(e => e.Message))}");
        return [];
    }

    /// <summary>Waits for a <paramref name="quiet"/> period in which the proxy forwards no write.</summary>
    private async Task UntilNoWritesAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var before = app.Proxy.Writes.Count;
            await Task.Delay(quiet);
            if (app.Proxy.Writes.Count == before)
            {
                return;
            }

            Assert.True(watch.Elapsed < timeout, $"AWS writes went on for {timeout}: {string.Join(", ", app.Proxy.Writes.Skip(before).Take(20))}");
        }
    }

    /// <summary>Waits until ResyncAt has changed <paramref name="wanted"/> times, i.e. that many checks have finished.</summary>
    private async Task<int> CountResyncsAsync(string id, int wanted, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var last = await app.ResyncAtAsync(id);
        Assert.NotNull(last);
        var changes = 0;
        while (changes < wanted)
        {
            Assert.True(watch.Elapsed < timeout, $"only {changes} resyncs of project {id} in {timeout}");
            await Task.Delay(100);
            var current = await app.ResyncAtAsync(id);
            if (current != last)
            {
                changes++;
                last = current;
            }
        }

        return changes;
    }

    internal static async Task<long> LastSeqAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events")).EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).DefaultIfEmpty().Max();

    private Task<(long Found, long Repaired)> DriftStatsAsync() => DriftStatsAsync(app);

    internal static async Task<(long Found, long Repaired)> DriftStatsAsync(DriftApp app)
    {
        var drift = (await (await app.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/stats")).GetProperty("drift");
        return (drift.GetProperty("found").GetInt64(), drift.GetProperty("repaired").GetInt64());
    }

    private static string Physical(JsonElement project, string kind) =>
        project.GetProperty("infrastructure").GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == kind).GetProperty("physicalId").GetString()!;
}
