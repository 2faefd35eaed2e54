using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PromptStack.IntegrationTests.Acceptance;

/// <summary>
/// An OpenAI-compatible chat-completions endpoint on loopback that answers a canned (hostile) blueprint chosen by a
/// keyword found in the request, or a refusal. LLM_ENDPOINT is <see cref="Endpoint"/> (the client adds /chat/completions).
/// </summary>
public sealed class StubModelServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StubModelServer(WebApplication app) => this.app = app;

    /// <summary>Requests seen, as raw bodies.</summary>
    public List<string> Requests { get; } = [];

    public string Endpoint { get; private set; } = "";

    public static async Task<StubModelServer> StartAsync(IReadOnlyDictionary<string, Func<string>> answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var web = builder.Build();
        var server = new StubModelServer(web);
        web.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            lock (server.Requests)
            {
                server.Requests.Add(body);
            }

            var model = JsonDocument.Parse(body).RootElement.TryGetProperty("model", out var m) ? m.GetString() : "stub";
            var answer = answers.FirstOrDefault(a => body.Contains(a.Key, StringComparison.OrdinalIgnoreCase)).Value?.Invoke()
                ?? """{"refusal":"The stub knows no such app."}""";
            return Results.Json(new
            {
                id = "chatcmpl-" + Guid.NewGuid().ToString("N"),
                @object = "chat.completion",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 100, completion_tokens = 1000, total_tokens = 1100 },
            });
        });
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = address.TrimEnd('/') + "/v1";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
