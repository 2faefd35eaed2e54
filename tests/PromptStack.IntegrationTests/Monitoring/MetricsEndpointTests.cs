using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptStack.IntegrationTests.Monitoring;

/// <summary>
/// The Prometheus endpoint of a real server process after a provision and a deploy: the platform's own metrics with
/// their labels, HTTP server and runtime metrics, all on the management port only.
/// </summary>
public sealed class MetricsEndpointTests(MonitoredServer monitored) : IClassFixture<MonitoredServer>
{
    private IReadOnlyList<PrometheusSample> Samples => PrometheusSample.Parse(monitored.Scrape);

    [Fact]
    public void Scrape_AfterProvisionAndDeploy_CountsAwsCallsByServiceOperationAndOutcome()
    {
        var calls = Samples.Where(s => s.Name == "promptstack_aws_call_duration_seconds_count").ToList();
        Assert.Contains(calls, s => s.Labels["service"] == "s3" && s.Labels["outcome"] == "success" && s.Labels["operation"] == "PutBucketTagging");
        Assert.Contains(calls, s => s.Labels["service"] == "s3" && s.Labels["outcome"] == "success" && s.Labels["operation"] == "CreateBucket");
        Assert.Contains(calls, s => s.Labels["service"] == "s3" && s.Labels["outcome"] == "success" && s.Labels["operation"] == "PutObject");

        // A resource found gone (the table deleted out of band before its stack was destroyed, so the destroy's
        // DeleteTable, sent without a look first, finds nothing) is no error.
        Assert.Contains(calls, s => s.Labels["service"] == "dynamodb" && s.Labels["operation"] == "DeleteTable" && s.Labels["outcome"] == "not_found");
        Assert.DoesNotContain(calls, s => s.Labels["service"] == "dynamodb" && s.Labels["outcome"] != "success" && s.Labels["outcome"] != "not_found");
        Assert.Contains(calls, s => s.Labels["service"] == "dynamodb" && s.Labels["operation"] == "CreateTable" && s.Value >= 1);
        Assert.Contains(calls, s => s.Labels["service"] == "iam" && s.Labels["operation"] == "CreateRole");

        // New stacks are created without being looked for first: their rows were still pending, and nothing can exist
        // under a name no create was ever sent for. GetRole is only called to observe or update a role that exists.
        Assert.DoesNotContain(calls, s => s.Labels["service"] == "iam" && s.Labels["operation"] == "GetRole");
        Assert.Contains(calls, s => s.Labels["service"] == "lambda" && s.Labels["operation"] == "POST /functions");
        Assert.Contains(calls, s => s.Labels["service"] == "apigateway" && s.Labels["operation"] == "POST /apis/{id}/routes");

        // Low cardinality: no physical name (they all start with the prefix "ps-") ever becomes a label value.
        Assert.DoesNotContain(calls, s => s.Labels["operation"].Contains("ps-", StringComparison.Ordinal));
    }

    [Fact]
    public void Scrape_AfterProvisionAndDeploy_HttpClientSeriesCarryNoHostAndAwsCallsKeepTheirBuckets()
    {
        // Against AWS every bucket is a host of its own: a host label would make a series per stack.
        var client = Samples.Where(s => s.Name == "http_client_request_duration_seconds_count").ToList();
        Assert.Contains(client, s => s.Labels.GetValueOrDefault("http_request_method") == "PUT" && s.Value >= 1);
        Assert.DoesNotContain(client, s => s.Labels.ContainsKey("server_address"));

        // Bounding every stream's label sets keeps the buckets the instrument asks for.
        var bounds = Samples.Where(s => s.Name == "promptstack_aws_call_duration_seconds_bucket"
                && s.Labels["service"] == "s3" && s.Labels["operation"] == "CreateBucket" && s.Labels["outcome"] == "success")
            .Select(s => s.Labels["le"]).ToList();
        Assert.Equal(["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "+Inf"], bounds);
    }

    [Fact]
    public void Scrape_AfterProvisionAndDeploy_TimesEachOperationAndReadsTheGauges()
    {
        var operations = Samples.Where(s => s.Name == "promptstack_operation_duration_seconds_count").ToList();
        Assert.Contains(operations, s => s.Labels["kind"] == "provision" && s.Labels["outcome"] == "success" && s.Value == 2);
        Assert.Contains(operations, s => s.Labels["kind"] == "destroy" && s.Labels["outcome"] == "success" && s.Value == 1);
        Assert.Contains(operations, s => s.Labels["kind"] == "deploy" && s.Labels["outcome"] == "success" && s.Value == 1);
        Assert.Equal(1, Samples.Single(s => s.Name == "promptstack_stacks_live").Value);
        Assert.True(Samples.Single(s => s.Name == "promptstack_stacks_estimated_monthly_cost").Value > 0);
        Assert.Equal(0, Samples.Single(s => s.Name == "promptstack_reconciler_backlog").Value);
    }

    [Fact]
    public void Scrape_Always_HasHttpServerAndRuntimeMetrics()
    {
        Assert.Contains(Samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route") == "/api/projects/{id:guid}");
        Assert.Contains(Samples, s => s.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(Samples, s => s.Name.StartsWith("dotnet_process_", StringComparison.Ordinal) || s.Name.StartsWith("process_", StringComparison.Ordinal));
    }

    [Fact]
    public void Dashboard_EveryQueriedMetric_IsOneTheServerExports()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "PromptStack.slnx")))
        {
            root = root.Parent!;
        }

        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(root.FullName, "deploy", "grafana", "promptstack-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        Assert.True(expressions.Count >= 10, "the dashboard queries hardly anything");
        Assert.Contains(dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray(),
            v => v.GetProperty("type").GetString() == "datasource" && v.GetProperty("query").GetString() == "prometheus");

        // Metric names are the identifiers followed by a selector; a histogram's series belong to its family.
        var families = PrometheusSample.Families(monitored.Scrape);
        var queried = expressions.SelectMany(e => Regex.Matches(e, @"\b([a-z_][a-z0-9_]*)\{").Select(m => m.Groups[1].Value)).ToHashSet();
        var missing = queried.Where(name => !families.Contains(name) && !families.Contains(Regex.Replace(name, "_(bucket|sum|count)$", ""))).ToList();
        Assert.True(missing.Count == 0, "The dashboard queries metrics the server does not export: " + string.Join(", ", missing));
        Assert.Contains("promptstack_aws_throttles_total", queried);
        Assert.Contains("promptstack_reconciler_lease_takeovers_total", queried);
    }

    [Fact]
    public async Task Metrics_OnThePlatformPort_Is404AndTheManagementPortServesNothingElse()
    {
        using var platform = monitored.Server.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await platform.GetAsync("/metrics")).StatusCode);

        // Not even with the management port's Host header: the port a connection arrives on decides.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = new Uri(monitored.MetricsUrl).Authority;
        Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(spoofed)).StatusCode);

        using var management = new HttpClient { BaseAddress = new Uri(monitored.MetricsUrl) };
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/api/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/health/live")).StatusCode);
    }
}
