using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.Blueprints;
using PromptStack.BlueprintTests.Infrastructure;

namespace PromptStack.BlueprintTests;

public sealed class LlmBlueprintGeneratorTests
{
    private const string Prompt = "a reading list to track books for 50,000 visitors a day";

    private static LlmBlueprintGenerator Generator(IChatClient chat, LlmBlueprintGeneratorOptions? options = null) =>
        new(chat, new OfflineBlueprintGenerator(), options: options);

    public static TheoryData<string> HostileCases => new(LlmAnswers.Hostile.Keys);

    [Fact]
    public async Task GenerateAsync_ValidAnswer_IsAcceptedWithoutNote()
    {
        var chat = new FakeChatClient(LlmAnswers.Valid().ToJsonString());

        var result = await Generator(chat).GenerateAsync(Prompt, CancellationToken.None);

        Assert.Null(result.Note);
        Assert.Null(result.Refusal);
        var blueprint = result.Blueprint!;
        Assert.Equal("reading-tracker", blueprint.Template);
        Assert.Equal("Reading Tracker", blueprint.Title);
        Assert.Equal(["index.html", "styles.css", "app.js"], blueprint.Files.Select(f => f.Path));
        Assert.Equal(LlmAnswers.Valid()["handlerCode"]!.GetValue<string>(), blueprint.HandlerCode);
        Assert.Equal(DefaultBlueprintGenerator.FullStack, blueprint.Resources);
        Assert.Equal(UsageProfile.ForMonthlyRequests(1_500_000), blueprint.Usage);
        Assert.Equal("any", blueprint.Parameters["genre"]);
    }

    [Fact]
    public async Task GenerateAsync_ValidStaticAnswerInCodeFence_IsAccepted()
    {
        var chat = new FakeChatClient("Here you go:\n```json\n" + LlmAnswers.ValidStatic().ToJsonString() + "\n```");

        var result = await Generator(chat).GenerateAsync("a hello page", CancellationToken.None);

        Assert.Null(result.Note);
        var blueprint = result.Blueprint!;
        Assert.Equal(OfflineBlueprintGenerator.StaticSite, blueprint.Resources);
        Assert.Null(blueprint.HandlerCode);
        Assert.Equal(["index.html", "logo.svg"], blueprint.Files.Select(f => f.Path));
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task GenerateAsync_HostileAnswer_FallsBackToCatalogWithNote(string name)
    {
        var (answer, reason) = LlmAnswers.Hostile[name];
        var chat = new FakeChatClient(answer());

        var result = await Generator(chat).GenerateAsync(Prompt, CancellationToken.None);

        Assert.Single(chat.Calls);
        Assert.Equal("todo-list", result.Blueprint!.Template);
        Assert.Equal("Reading List", result.Blueprint.Title);
        Assert.NotNull(result.Note);
        Assert.StartsWith("The language model's answer was rejected (", result.Note, StringComparison.Ordinal);
        Assert.Contains(reason, result.Note, StringComparison.Ordinal);
        Assert.EndsWith("; used the offline catalog instead.", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_PathTraversal_NoteNamesTheFile()
    {
        var chat = new FakeChatClient(LlmAnswers.With(a => a["files"]!.AsArray()[0]!["path"] = "../x"));

        var result = await Generator(chat).GenerateAsync("a to-do list", CancellationToken.None);

        Assert.Equal("The language model's answer was rejected (file name '../x' is not allowed; 1 more problem); used the offline catalog instead.", result.Note);
    }

    [Fact]
    public async Task GenerateAsync_ModelDeclines_FallsBackWithItsReason()
    {
        var chat = new FakeChatClient("{\"refusal\": \"I only build web apps.\"}");

        var result = await Generator(chat).GenerateAsync("a to-do list", CancellationToken.None);

        Assert.Equal("todo-list", result.Blueprint!.Template);
        Assert.Equal("The language model declined (I only build web apps.); used the offline catalog instead.", result.Note);
    }

    [Fact]
    public async Task GenerateAsync_ChatClientThrows_FallsBackWithNote()
    {
        var chat = new FakeChatClient(_ => throw new HttpRequestException("Connection refused (llm.local:443)"));

        var result = await Generator(chat).GenerateAsync("a poll", CancellationToken.None);

        Assert.Equal("poll", result.Blueprint!.Template);
        Assert.Equal("The language model could not be used (HttpRequestException: Connection refused (llm.local:443)); used the offline catalog instead.", result.Note);
    }

    [Fact]
    public async Task GenerateAsync_ModelTooSlow_FallsBackAfterTimeout()
    {
        var chat = new FakeChatClient(async token =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return "{}";
        });

        var result = await Generator(chat, new LlmBlueprintGeneratorOptions { Timeout = TimeSpan.FromMilliseconds(200) })
            .GenerateAsync("a notes board", CancellationToken.None);

        Assert.Equal("notes-board", result.Blueprint!.Template);
        Assert.Equal("The language model did not answer within 0.2 s; used the offline catalog instead.", result.Note);
    }

    [Fact]
    public async Task GenerateAsync_CallerCancels_Throws()
    {
        var chat = new FakeChatClient(async token =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return "{}";
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generator(chat).GenerateAsync("a poll", cts.Token));
    }

    [Fact]
    public async Task GenerateAsync_HostileAnswerForUnfitPrompt_RefusesWithNote()
    {
        var chat = new FakeChatClient(LlmAnswers.Hostile["unknown resource kind"].Answer());

        var result = await Generator(chat).GenerateAsync("asdf qwerty", CancellationToken.None);

        Assert.Null(result.Blueprint);
        Assert.NotNull(result.Refusal);
        Assert.Contains("ec2-instance", result.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mine bitcoin on a GPU cluster")]
    [InlineData("")]
    public async Task GenerateAsync_PromptScreenedOut_RefusesWithoutAskingTheModel(string prompt)
    {
        var chat = new FakeChatClient(LlmAnswers.Valid().ToJsonString());

        var result = await Generator(chat).GenerateAsync(prompt, CancellationToken.None);

        Assert.Empty(chat.Calls);
        Assert.Null(result.Blueprint);
        Assert.NotNull(result.Refusal);
    }

    [Fact]
    public async Task GenerateAsync_PromptAtTheContractsLimit_ReachesTheModel_OneMoreIsRefusedBeforeIt()
    {
        var atLimit = ("a reading list " + new string('x', PromptLimits.MaxLength))[..PromptLimits.MaxLength];
        var accepted = new FakeChatClient(LlmAnswers.Valid().ToJsonString());
        var refused = new FakeChatClient(LlmAnswers.Valid().ToJsonString());

        var made = await Generator(accepted).GenerateAsync(atLimit, CancellationToken.None);
        var tooLong = await Generator(refused).GenerateAsync(atLimit + "x", CancellationToken.None);

        Assert.NotNull(made.Blueprint);
        Assert.Single(accepted.Calls);
        Assert.Null(tooLong.Blueprint);
        Assert.Contains("too long", tooLong.Refusal, StringComparison.Ordinal);
        Assert.Empty(refused.Calls);
    }

    [Fact]
    public async Task GenerateAsync_Request_SendsRulesAsSystemAndPromptAsDelimitedUserText()
    {
        var chat = new FakeChatClient(LlmAnswers.Valid().ToJsonString());

        await Generator(chat).GenerateAsync("a reading list", CancellationToken.None);

        var (messages, options) = Assert.Single(chat.Calls);
        Assert.Equal([ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
        Assert.Contains("window.PROMPTSTACK_CONFIG", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("\"dynamodb-table\"", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("<<<\na reading list\n>>>", messages[1].Text, StringComparison.Ordinal);
        Assert.IsType<ChatResponseFormatJson>(options!.ResponseFormat);
    }

    [Fact]
    public void TryCreateFromEnvironment_NotConfigured_ReturnsNull()
    {
        var none = LlmBlueprintGenerator.TryCreateFromEnvironment(new OfflineBlueprintGenerator(), variables: _ => null);
        var modelOnly = LlmBlueprintGenerator.TryCreateFromEnvironment(new OfflineBlueprintGenerator(), variables: v => v == "LLM_MODEL" ? "gpt-test" : null);

        Assert.Null(none);
        Assert.Null(modelOnly);
    }

    [Fact]
    public void TryCreateFromEnvironment_BadEndpoint_Throws()
    {
        var variables = new Dictionary<string, string> { ["LLM_MODEL"] = "m", ["LLM_ENDPOINT"] = "ftp://nope", ["LLM_API_KEY"] = "k" };

        Assert.Throws<ArgumentException>(() =>
            LlmBlueprintGenerator.TryCreateFromEnvironment(new OfflineBlueprintGenerator(), variables: v => variables.GetValueOrDefault(v)));
    }

    [Fact]
    public async Task TryCreateFromEnvironment_OpenAiCompatibleEndpoint_PostsChatCompletionsWithBearerKey()
    {
        using var server = new OneShotChatServer(LlmAnswers.Valid().ToJsonString());
        var variables = new Dictionary<string, string>
        {
            ["LLM_ENDPOINT"] = server.Url + "v1",
            ["LLM_MODEL"] = "test-model",
            ["LLM_API_KEY"] = "test-key",
        };
        var generator = LlmBlueprintGenerator.TryCreateFromEnvironment(new OfflineBlueprintGenerator(), variables: v => variables.GetValueOrDefault(v))!;

        var result = await generator.GenerateAsync("a reading list", CancellationToken.None);

        Assert.Null(result.Note);
        Assert.Equal("reading-tracker", result.Blueprint!.Template);
        var request = await server.Request;
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer test-key", request.Authorization);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("test-model", body["model"]!.GetValue<string>());
        Assert.Equal("json_object", body["response_format"]!["type"]!.GetValue<string>());
        Assert.Equal("system", body["messages"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public void AddPromptStackBlueprints_WithAndWithoutLlmVariables_PicksTheGenerator()
    {
        Assert.IsType<OfflineBlueprintGenerator>(Resolve(_ => null));
        var llm = new Dictionary<string, string> { ["LLM_MODEL"] = "m", ["LLM_API_KEY"] = "k" };
        Assert.IsType<LlmBlueprintGenerator>(Resolve(v => llm.GetValueOrDefault(v)));

        static IBlueprintGenerator Resolve(Func<string, string?> variables)
        {
            var services = new ServiceCollection();
            services.AddSingleton<IBlueprintGenerator, DefaultBlueprintGenerator>();
            services.AddPromptStackBlueprints(variables);
            var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IBlueprintGenerator));
            var offline = new OfflineBlueprintGenerator();
            return (IBlueprintGenerator)descriptor.ImplementationFactory!(new SingleServiceProvider(offline));
        }
    }

    private sealed class SingleServiceProvider(OfflineBlueprintGenerator offline) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(OfflineBlueprintGenerator) ? offline : null;
    }

    /// <summary>Answers one OpenAI chat-completions request on a loopback port and records it.</summary>
    private sealed class OneShotChatServer : IDisposable
    {
        private readonly HttpListener listener = new();

        public OneShotChatServer(string content)
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(Url);
            listener.Start();
            Request = ServeAsync(content);
        }

        public string Url { get; }

        public Task<(string Path, string? Authorization, string Body)> Request { get; }

        public void Dispose() => listener.Close();

        private async Task<(string, string?, string)> ServeAsync(string content)
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var response = JsonSerializer.Serialize(new
            {
                id = "chatcmpl-test",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = "test-model",
                choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            });
            var bytes = Encoding.UTF8.GetBytes(response);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
            return (context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body);
        }

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
