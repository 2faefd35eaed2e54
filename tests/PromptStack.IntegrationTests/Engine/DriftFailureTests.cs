using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Aws;
using Xunit.Abstractions;

namespace PromptStack.IntegrationTests.Engine;

/// <summary>A cloud that can be made to fail every call (no retries, so a failure is final at once), resynced every 2 s.</summary>
public sealed class FailingCloudApp : SqliteApp
{
    private MotoServer? _moto;

    public FaultProxy Proxy { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        _moto = await MotoServer.StartAsync();
        Proxy = await FaultProxy.StartAsync(_moto.Url);
        Settings["AWS_ENDPOINT_URL"] = Proxy.Url;
        Settings["AWS_RETRY_MAX_ATTEMPTS"] = "1";
        Settings["RESYNC_INTERVAL_SECONDS"] = "2";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }
    }
}

public sealed class DriftFailureTests(FailingCloudApp app, ITestOutputHelper output) : IClassFixture<FailingCloudApp>
{
    [Fact]
    public async Task Resync_RepairFails_ProjectFailedWithReadableError_AndProvisionBringsItBack()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "drift-failing");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed", timeoutSeconds: 180)));

        app.Proxy.FaultRate = 1;
        var failed = await ProjectWaits.UntilAsync(client, id, p => ProjectWaits.Infra(p) != "deployed", timeoutSeconds: 60);
        app.Proxy.FaultRate = 0;

        var error = failed.GetProperty("infrastructure").GetProperty("error").GetString();
        output.WriteLine($"Status {ProjectWaits.Infra(failed)}, error: {error}");
        Assert.Equal("failed", ProjectWaits.Infra(failed));
        Assert.StartsWith("Drift repair failed: ", error, StringComparison.Ordinal);
        var events = (await client.GetFromJsonAsync<JsonElement>($"/api/projects/{id}/events")).EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("level").GetString() == "error" && e.GetProperty("operation").GetString() == "resync"
            && e.GetProperty("message").GetString() == error);

        // The way back is the user's: provisioning again checks every resource and puts the stack right.
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
        var project = await ProjectWaits.InfraAsync(client, id, "deployed", timeoutSeconds: 120);
        Assert.Equal("deployed", ProjectWaits.Infra(project));
        Assert.Equal(JsonValueKind.Null, project.GetProperty("infrastructure").GetProperty("error").ValueKind);
    }
}
