using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using PromptStack.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PromptStack.IntegrationTests.Api;

/// <summary>
/// The OpenAPI document as a client generator or fuzzer reads it. That every status the API answers in the
/// integration tests is listed is checked by every test app when it is disposed (<see cref="ApiStatusRecorder"/>).
/// </summary>
public sealed class OpenApiDocumentTests(SqliteApp app, ITestOutputHelper output) : IClassFixture<SqliteApp>
{
    private const string Validator = "@seriousme/openapi-schema-validator@2.11.0";

    [Fact]
    public async Task Document_PassesAThirdPartyOpenApiValidator()
    {
        var file = Path.Combine(Path.GetTempPath(), $"promptstack-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        try
        {
            var cli = Path.Combine(await NpmPackage.InstallAsync(Validator), "node_modules", "@seriousme", "openapi-schema-validator", "bin", "validate-api-cli.js");
            var (exit, text) = await RunNodeAsync(cli, file);
            output.WriteLine(text);

            Assert.True(exit == 0, text);
            Assert.Contains("\"valid\": true", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task EveryOperation_HasAnIdASummaryAndProblemJsonErrors()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = Operations(document).ToList();

        Assert.True(operations.Count >= 20, $"only {operations.Count} operations");
        foreach (var (name, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("operationId").GetString()), name);
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), name);
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                Assert.True(response.Value.GetProperty("content").TryGetProperty("application/problem+json", out var problem), $"{name} {response.Name}");
                Assert.Equal(int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture),
                    problem.GetProperty("example").GetProperty("status").GetInt32());
            }
        }
    }

    [Fact]
    public async Task SignedInOperations_NeedTheBearerScheme_AndDocument401()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));

        var operations = Operations(document).ToDictionary();
        foreach (var name in new[] { "get /api/projects", "post /api/projects/{id}/infrastructure", "get /api/admin/stats", "get /api/me" })
        {
            var operation = operations[name];
            Assert.Equal("Bearer", operation.GetProperty("security")[0].EnumerateObject().Single().Name);
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), name);
        }

        Assert.True(operations["get /api/admin/stats"].GetProperty("responses").TryGetProperty("403", out _));
        Assert.False(operations["post /api/auth/login"].TryGetProperty("security", out _));
        Assert.True(operations["post /api/auth/login"].GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _));
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path =>
            path.Value.EnumerateObject().Select(method => ($"{method.Name} {path.Name}", method.Value)));

    private static async Task<(int Exit, string Output)> RunNodeAsync(params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
