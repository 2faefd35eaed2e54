using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.Blueprints;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Web.Features.Preview;

namespace PromptStack.IntegrationTests.Preview;

/// <summary>A host whose handlers time out after 3 s and run at most 2 at a time, so limit tests stay short.</summary>
public class SandboxApp : SqliteApp
{
    /// <summary>Set in this test process's environment: a handler that can see it sees the server's environment.</summary>
    public const string Canary = "PROMPTSTACK_CANARY";

    public SandboxApp()
    {
        Environment.SetEnvironmentVariable(Canary, "server-secret-canary");
        // The function's own 10 s timeout, not a shorter one: on a busy 2-core machine V8 can take seconds of
        // garbage collection to give up on a full heap, and a memory hog must meet the memory limit first.
        Settings["PREVIEW_MAX_CONCURRENT"] = "2";
    }

    public PreviewRuntime Runtime => Services.GetRequiredService<PreviewRuntime>();

    /// <summary>
    /// The preview's npm packages are in place before the first test, as a server that has been up a while has them
    /// (see PreviewWarmup): tests time the function's own run, and in CI a first call queued behind the install took
    /// 21.8 s against a 10 s timeout.
    /// </summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Runtime.EnsureInstalledAsync(CancellationToken.None);
    }

    /// <summary>Runs <paramref name="handlerCode"/> once through the runtime, as a fresh project's version 1.</summary>
    public async Task<(Guid ProjectId, FunctionResult Result)> InvokeAsync(string handlerCode, object? body = null)
    {
        var projectId = Guid.NewGuid();
        var eventJson = JsonSerializer.Serialize(new
        {
            version = "2.0",
            rawPath = "/",
            headers = new Dictionary<string, string>(),
            requestContext = new { requestId = "test", http = new { method = "GET", path = "/" } },
            body = body is null ? null : JsonSerializer.Serialize(body),
        });
        var variables = new Dictionary<string, string> { ["TABLE_NAME"] = "table-of-test", ["AWS_LAMBDA_FUNCTION_NAME"] = "fn-test" };
        return (projectId, await Runtime.InvokeAsync(projectId, 1, handlerCode, variables, eventJson, CancellationToken.None));
    }

    /// <summary>
    /// A project of <paramref name="client"/>'s user whose deployed handler is <paramref name="handlerCode"/>, as if
    /// a model had written it: the row is changed directly, since no template generates hostile code.
    /// </summary>
    public async Task<string> DeployHandlerAsync(HttpClient client, string handlerCode)
    {
        var response = await client.PostAsJsonAsync("/api/projects", new { name = $"sbx-{Guid.NewGuid():N}"[..20], prompt = "a to-do list" });
        response.EnsureSuccessStatusCode();
        var id = Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);

        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var project = await db.Projects.IgnoreQueryFilters().SingleAsync(p => p.Id == id);
        var blueprint = JsonNode.Parse(project.BlueprintJson)!.AsObject();
        blueprint[nameof(Blueprint.HandlerCode)] = handlerCode;
        project.BlueprintJson = blueprint.ToJsonString();
        project.ApplicationStatus = ApplicationStatus.Deployed;
        project.ApplicationVersion = 1;
        db.Resources.Add(new Resource
        {
            Id = Guid.NewGuid(), ProjectId = id, Kind = ResourceKinds.DynamoDbTable, Name = "table", PhysicalId = "sbx-table", Status = ResourceStatus.Ready,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return id.ToString();
    }
}
