using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Acceptance;

/// <summary>
/// A host whose blueprint generator is a language model (the stub) that answers <see cref="HostileBlueprint"/>, with a
/// canary in this process's environment. One hostile project is provisioned and deployed once, for every test of the class.
/// </summary>
public sealed class HostileModelApp : SqliteApp
{
    /// <summary>Set in this test process's environment (its own name: SandboxApp sets PROMPTSTACK_CANARY in the same process).</summary>
    public const string CanaryName = "PROMPTSTACK_HOSTILE_CANARY";

    public const string CanaryValue = "hostile-model-canary-5f1e2d";

    private readonly SemaphoreSlim deployGate = new(1, 1);
    private (HttpClient Owner, string Token, string Id)? deployed;

    public StubModelServer Model { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(CanaryName, CanaryValue);
        Model = await StubModelServer.StartAsync(new Dictionary<string, Func<string>> { [HostileBlueprint.Keyword] = HostileBlueprint.Answer });
        Settings["LLM_MODEL"] = "stub";
        Settings["LLM_ENDPOINT"] = Model.Endpoint;
        Settings["LLM_API_KEY"] = "x";
        // The function's own 10 s: a 2 GB allocation on a busy machine must meet the memory limit before the timeout.
        Settings["PREVIEW_TIMEOUT_SECONDS"] = "10";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
        deployGate.Dispose();
    }

    /// <summary>The owner's client, its access token and the deployed hostile project's id (made on first use).</summary>
    public async Task<(HttpClient Owner, string Token, string Id)> HostileProjectAsync()
    {
        await deployGate.WaitAsync();
        try
        {
            if (deployed is { } done)
            {
                return done;
            }

            var (owner, session) = await NewUserAsync();
            var id = await ProjectTests.CreateAsync(owner, "probe-kit", $"a {HostileBlueprint.Keyword} for my team");
            var project = await owner.GetFromJsonAsync<JsonElement>($"/api/projects/{id}");
            Assert.True(project.GetProperty("template").GetString() == HostileBlueprint.Template,
                $"The model's hostile answer was not used (the catalog answered instead): {project}");

            Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
            Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(owner, id, "deployed", 120)));
            Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsync($"/api/projects/{id}/application", null)).StatusCode);
            project = await ProjectWaits.UntilAsync(owner, id, p => ProjectWaits.App(p) is "deployed" or "failed", 120);
            Assert.True(ProjectWaits.App(project) == "deployed", project.ToString());
            deployed = (owner, session.AccessToken, id);
            return deployed.Value;
        }
        finally
        {
            deployGate.Release();
        }
    }
}
