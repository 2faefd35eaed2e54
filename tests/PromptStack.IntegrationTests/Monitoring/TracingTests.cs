using System.Collections.Concurrent;
using System.Diagnostics;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.IntegrationTests.Monitoring;

public sealed class TracingApp : SqliteApp;

/// <summary>
/// The spans of the "PromptStack" source, as any listener (OpenTelemetry's OTLP pipeline included) receives them: one
/// trace per operation, whose root is the operation, with the step, each resource step and each AWS call below it.
/// </summary>
public sealed class TracingTests(TracingApp app) : IClassFixture<TracingApp>, IDisposable
{
    private readonly ConcurrentQueue<Activity> stopped = new();
    private readonly ActivityListener listener = Listen();

    [Fact]
    public async Task ProvisionThenDeploy_EachOperationIsOneTraceWithStepResourceAndAwsCallSpans()
    {
        listener.ActivityStopped = stopped.Enqueue;
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "traced");
        (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).EnsureSuccessStatusCode();
        var provision = await RootAsync(id, "provision");
        (await client.PostAsync($"/api/projects/{id}/application", null)).EnsureSuccessStatusCode();
        var deploy = await RootAsync(id, "deploy");

        Assert.NotEqual(provision.TraceId, deploy.TraceId);
        var spans = stopped.Where(a => a.TraceId == provision.TraceId).ToList();
        var step = Assert.Single(spans, a => a.DisplayName == "promptstack.provision");
        Assert.Equal(provision.SpanId, step.ParentSpanId);
        var resources = spans.Where(a => a.DisplayName.StartsWith("promptstack.resource ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["dynamodb-table", "http-api", "iam-role", "lambda-function", "s3-bucket"],
            resources.Select(r => (string)r.GetTagItem("promptstack.resource.kind")!).Order());
        Assert.All(resources, r => Assert.Equal(step.SpanId, r.ParentSpanId));

        // Every AWS call of the operation is a client span below the resource step that made it.
        var bucket = resources.Single(r => (string)r.GetTagItem("promptstack.resource.kind")! == "s3-bucket");
        var calls = spans.Where(a => a.Kind == ActivityKind.Client).ToList();
        Assert.Contains(calls, c => c.DisplayName == "aws s3.CreateBucket" && c.ParentSpanId == bucket.SpanId);
        Assert.Contains(calls, c => c.DisplayName == "aws iam.CreateRole");
        Assert.All(calls, c => Assert.Contains(resources, r => r.SpanId == c.ParentSpanId));

        var deploySpans = stopped.Where(a => a.TraceId == deploy.TraceId).ToList();
        Assert.Contains(deploySpans, a => a.DisplayName == "promptstack.deploy" && a.ParentSpanId == deploy.SpanId);
        Assert.Contains(deploySpans, a => a.DisplayName == "aws s3.PutObject");
    }

    [Fact]
    public async Task IdleReconciler_StartsNoTrace()
    {
        listener.ActivityStopped = stopped.Enqueue;
        _ = app.Services; // started: the reconciler polls every 200 ms in the test apps

        await Task.Delay(TimeSpan.FromSeconds(1));

        // Other classes' apps run in this process too; no span of this app may exist without an operation above it.
        Assert.DoesNotContain(stopped, a => a.Parent is null && a.ParentSpanId == default && !a.DisplayName.StartsWith("promptstack.", StringComparison.Ordinal));
    }

    public void Dispose() => listener.Dispose();

    private static ActivityListener Listen()
    {
        var listening = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PlatformTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listening);
        return listening;
    }

    /// <summary>The finished root span of the operation that ran <paramref name="step"/> on the project.</summary>
    private async Task<Activity> RootAsync(string projectId, string step)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            var roots = stopped.Where(a => a.DisplayName == "promptstack.reconcile" && (string?)a.GetTagItem("promptstack.project.id") == projectId)
                .Where(r => stopped.Any(s => s.TraceId == r.TraceId && s.DisplayName == "promptstack." + step)).ToList();
            if (roots.Count > 0)
            {
                var root = Assert.Single(roots);
                Assert.Equal(default, root.ParentSpanId);
                Assert.Equal(ActivityStatusCode.Ok, root.Status);
                return root;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No finished {step} operation of project {projectId} was traced.");
        return null!;
    }
}
