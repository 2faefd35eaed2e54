using System.Net;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>The app's AWS traffic goes through a <see cref="FaultProxy"/> in front of its own moto server.</summary>
public sealed class FaultyCloudApp : SqliteApp
{
    private MotoServer? _moto;

    public FaultProxy Proxy { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        _moto = await MotoServer.StartAsync();
        Proxy = FaultProxy.Start(_moto.Url);
        Settings["AWS_ENDPOINT_URL"] = Proxy.Url;

        // Eight attempts make a call that fails every one of them (0.25^8) unlikely across a few hundred calls.
        Settings["AWS_RETRY_MAX_ATTEMPTS"] = "8";
        Settings["AWS_RETRY_BASE_DELAY_MS"] = "100";
        Settings["AWS_PACE_THROTTLE_PENALTY_MS"] = "200";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Proxy.Dispose();
        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }
    }
}

public sealed class FaultToleranceTests(FaultyCloudApp app) : IClassFixture<FaultyCloudApp>
{
    private const int Stacks = 10;

    [Fact]
    public async Task Provision_QuarterOfCallsFaulted_AllStacksDeployed_WithoutNestedRetries()
    {
        app.Proxy.FaultRate = 0;
        var clean = await ProvisionAsync("clean");

        app.Proxy.FaultRate = 0.25;
        var faulted = await ProvisionAsync("faulted");

        Console.WriteLine(
            $"Fault tolerance: {Stacks} stacks fault-free took {clean.Calls} AWS calls; {Stacks} stacks with 25% faults took "
            + $"{faulted.Calls} calls ({faulted.Faults} faulted), ratio {(double)faulted.Calls / clean.Calls:F2}");
        Assert.True(faulted.Faults > 0);
        Assert.True(faulted.Calls < 2 * clean.Calls, $"{faulted.Calls} calls with faults against {clean.Calls} without: retries multiply.");
    }

    /// <summary>Provisions <see cref="Stacks"/> stacks at once (one user each) and returns the calls and faults the proxy saw.</summary>
    private async Task<(int Calls, int Faults)> ProvisionAsync(string name)
    {
        var (callsBefore, faultsBefore) = (app.Proxy.Calls, app.Proxy.Faults);
        var projects = new List<(HttpClient Client, string Id)>();
        for (var i = 0; i < Stacks; i++)
        {
            var (client, _) = await app.NewUserAsync();
            var id = await ProjectTests.CreateAsync(client, $"{name}-{i}");
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
            projects.Add((client, id));
        }

        foreach (var (client, id) in projects)
        {
            var project = await ProjectWaits.InfraAsync(client, id, "deployed", timeoutSeconds: 240);
            if (ProjectWaits.Infra(project) != "deployed")
            {
                Assert.Fail($"{name} stack not deployed: {project} EVENTS {await client.GetStringAsync($"/api/projects/{id}/events")}");
            }

            var resources = project.GetProperty("infrastructure").GetProperty("resources").EnumerateArray().ToList();
            Assert.Equal(5, resources.Count);
            Assert.All(resources, r => Assert.Equal("ready", r.GetProperty("status").GetString()));
        }

        return (app.Proxy.Calls - callsBefore, app.Proxy.Faults - faultsBefore);
    }
}
