using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Acceptance;

/// <summary>
/// Acceptance: a language model answers hostile code that passes validation; the project is provisioned and deployed
/// against the emulator and its handler is called through the preview origin with the owner's platform credentials
/// attached. The sandbox, not the validator, must stop every probe, and the platform must stay ready throughout.
/// </summary>
public sealed class HostileModelTests(HostileModelApp app) : IClassFixture<HostileModelApp>
{
    private const string PlatformCookie = "promptstack.session=platform-session-value-9c3b";

    [Fact]
    public async Task HostileModel_AnswerPassesValidation_IsDeployedFromTheModel()
    {
        var (owner, _, id) = await app.HostileProjectAsync();

        Assert.Contains(app.Model.Requests, r => r.Contains(HostileBlueprint.Keyword, StringComparison.Ordinal));
        // The deployed handler is the model's code, unchanged: validation let it through.
        var handler = await owner.GetStringAsync($"/api/projects/{id}/files/function/index.mjs");
        Assert.Contains("execSync('id')", handler, StringComparison.Ordinal);
        Assert.Contains("api/steal", await owner.GetStringAsync($"/api/projects/{id}/files/app.js"), StringComparison.Ordinal);
        await AssertReadyAsync();
    }

    [Fact]
    public async Task Env_HandlerDumpsProcessEnv_HoldsNoServerSecretOrDataPath()
    {
        var (status, body) = await CallAsync("env");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("TABLE_NAME", body, StringComparison.Ordinal);
        AssertNoSecrets(body);
        Assert.DoesNotContain(HostileModelApp.CanaryName, body, StringComparison.Ordinal);
        await AssertReadyAsync();
    }

    [Fact]
    public async Task Files_HandlerReadsDataDirectory_GetsOnlyErrors()
    {
        var (status, body) = await CallAsync("files?dir=" + Uri.EscapeDataString(app.DataDirectory));

        Assert.Equal(HttpStatusCode.OK, status);
        var answer = JsonDocument.Parse(body).RootElement;
        foreach (var probe in answer.EnumerateObject())
        {
            Assert.True(probe.Value.TryGetProperty("error", out _) && !probe.Value.TryGetProperty("ok", out _), $"{probe.Name} got through: {body}");
        }

        AssertNoSecrets(body);
        Assert.DoesNotContain("SQLite format", body, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(app.DataDirectory).Select(Path.GetFileName))
        {
            Assert.DoesNotContain(file!, body, StringComparison.Ordinal);
        }

        await AssertReadyAsync();
    }

    [Fact]
    public async Task Spawn_HandlerRunsId_Fails()
    {
        var (status, body) = await CallAsync("spawn");

        if (status == HttpStatusCode.OK)
        {
            var id = JsonDocument.Parse(body).RootElement.GetProperty("id");
            Assert.True(id.TryGetProperty("error", out _) && !id.TryGetProperty("ok", out _), body);
        }
        else
        {
            Assert.True((int)status >= 500, $"{(int)status}: {body}");
        }

        Assert.DoesNotContain("uid=", body, StringComparison.Ordinal);
        await AssertReadyAsync();
    }

    [Fact]
    public async Task Write_HandlerWritesFiles_Fails()
    {
        var (status, body) = await CallAsync("write?dir=" + Uri.EscapeDataString(app.DataDirectory));

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var probe in JsonDocument.Parse(body).RootElement.EnumerateObject())
        {
            Assert.True(probe.Value.TryGetProperty("error", out _), $"{probe.Name} got through: {body}");
        }

        Assert.False(File.Exists("/tmp/promptstack-hostile-write.txt"));
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "dropped.txt")));
        await AssertReadyAsync();
    }

    [Fact]
    public async Task Cookie_HandlerSetsCookies_AnswerHasNoSetCookie()
    {
        var (response, body) = await SendAsync("cookie");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"set\":true", body, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"), string.Join(" | ", response.Headers.Select(h => h.Key)));
        Assert.False(response.Content.Headers.Contains("Set-Cookie"));
        await AssertReadyAsync();
    }

    [Fact]
    public async Task Echo_HandlerReturnsRequestHeaders_HoldsNoCookieNorAuthorization()
    {
        var (status, body) = await CallAsync("echo");

        Assert.Equal(HttpStatusCode.OK, status);
        var headers = JsonDocument.Parse(body).RootElement.EnumerateObject().Select(p => p.Name.ToLowerInvariant()).ToList();
        Assert.Contains("host", headers);
        Assert.DoesNotContain("cookie", headers);
        Assert.DoesNotContain("authorization", headers);
        var (_, token, _) = await app.HostileProjectAsync();
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.DoesNotContain("platform-session-value", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ps_preview", body, StringComparison.Ordinal);
        await AssertReadyAsync();
    }

    [Fact]
    public async Task Loop_HandlerNeverReturns_Is504Problem()
    {
        var (response, _) = await SendAsync("loop");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
        await AssertReadyAsync();
    }

    [Fact]
    public async Task Alloc_HandlerTakesTwoGigabytes_IsStoppedWithAProblem()
    {
        var (response, body) = await SendAsync("alloc");

        // Stopped by the memory limit (502) or, when the test run starves it of CPU while it fills 2 GB, by the 10 s
        // timeout first (504, seen in CI): either way the sandbox ended it and the server goes on.
        Assert.True(response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout, $"{(int)response.StatusCode}: {body}");
        await ProblemAssert.IsProblemAsync(response, response.StatusCode);
        await AssertReadyAsync();
    }

    private void AssertNoSecrets(string body)
    {
        Assert.DoesNotContain(HostileModelApp.CanaryValue, body, StringComparison.Ordinal);
        Assert.DoesNotContain(PromptStackApp.JwtSecret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(app.DataDirectory, body, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> CallAsync(string probe)
    {
        var (response, body) = await SendAsync(probe);
        return (response.StatusCode, body);
    }

    /// <summary>Calls the probe as the owner's browser would, plus the platform's bearer token and session cookie.</summary>
    private async Task<(HttpResponseMessage Response, string Body)> SendAsync(string probe)
    {
        var (owner, token, id) = await app.HostileProjectAsync();
        var preview = await app.PreviewClientAsync(owner, id);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/" + probe);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Cookie", PlatformCookie);
        var response = await preview.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private async Task AssertReadyAsync()
    {
        var ready = await app.CreateClient().GetAsync("/health/ready");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
    }
}
