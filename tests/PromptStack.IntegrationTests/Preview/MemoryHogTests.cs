using System.Net;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Preview;

/// <summary>
/// A sandbox host whose handlers may run for a minute: a memory hog meets the memory limit in about 1.5 s on an idle
/// machine, but V8's last garbage collections before it gives up took over 10 s (the function's own timeout) while
/// the whole test suite shared two cores, and the timeout then answered first.
/// </summary>
public sealed class PatientSandboxApp : SandboxApp
{
    public PatientSandboxApp() => Settings["PREVIEW_TIMEOUT_SECONDS"] = "60";
}

/// <summary>Handlers that hog memory get Lambda's out-of-memory answer and leave no process behind.</summary>
public sealed class MemoryHogTests(PatientSandboxApp app) : IClassFixture<PatientSandboxApp>
{
    [Theory]
    [InlineData("const a = []; while (true) a.push(new Array(1e6).fill(1.5));")]
    [InlineData("Buffer.alloc(2 ** 31).fill(1);")]
    public async Task MemoryHog_Returns502OutOfMemory(string allocation)
    {
        var (client, _) = await app.NewUserAsync();
        var id = await app.DeployHandlerAsync(client, $"export const handler = async () => {{ {allocation} return {{ statusCode: 200 }}; }};");
        var preview = await app.PreviewClientAsync(client, id);

        var response = await preview.GetAsync("/api/hog");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "The function ran out of memory");
        SandboxLimitTests.AssertNoProcessLeft(id);
    }
}
