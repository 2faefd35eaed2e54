using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using PromptStack.Blueprints.Catalog;
using PromptStack.Blueprints.Llm;

namespace PromptStack.Blueprints;

/// <summary>Settings of <see cref="LlmBlueprintGenerator"/>.</summary>
public sealed class LlmBlueprintGeneratorOptions
{
    /// <summary>How long the model may take before the offline catalog is used instead.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(90);

    public float? Temperature { get; set; } = 0.2f;

    public int? MaxOutputTokens { get; set; } = 16_000;

    /// <summary>Ask for a JSON response format (OpenAI <c>response_format: json_object</c>); turn off for endpoints that reject it.</summary>
    public bool RequestJsonFormat { get; set; } = true;

    /// <summary>Answers longer than this are rejected without parsing.</summary>
    public int MaxAnswerCharacters { get; set; } = 2_000_000;
}

/// <summary>
/// Asks a language model (any <see cref="IChatClient"/>) for a blueprint as JSON, treats the answer as hostile and
/// validates it with <see cref="BlueprintValidator"/>. When the answer is rejected, the model declines or fails, or
/// anything throws, the <see cref="OfflineBlueprintGenerator"/> answers instead and <see cref="BlueprintResult.Note"/>
/// says why. Usage always comes from <see cref="TrafficParser"/>, never from the model.
/// </summary>
public sealed class LlmBlueprintGenerator : IBlueprintGenerator
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        MaxDepth = 16,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private readonly IChatClient chatClient;
    private readonly OfflineBlueprintGenerator fallback;
    private readonly ILogger logger;
    private readonly LlmBlueprintGeneratorOptions options;

    public LlmBlueprintGenerator(
        IChatClient chatClient,
        OfflineBlueprintGenerator fallback,
        ILogger<LlmBlueprintGenerator>? logger = null,
        LlmBlueprintGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(fallback);
        this.chatClient = chatClient;
        this.fallback = fallback;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        this.options = options ?? new LlmBlueprintGeneratorOptions();
    }

    /// <summary>The instructions sent as the system message.</summary>
    public static string SystemPrompt => Assets.Read("llm-system-prompt.md");

    public async Task<BlueprintResult> GenerateAsync(string prompt, CancellationToken cancellationToken)
    {
        // Empty, over-long and plainly impossible prompts are refused without asking the model.
        if (PromptScreen.Check(prompt) is { } refusal)
        {
            return BlueprintResult.Refused(refusal);
        }

        string reason;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            var response = await chatClient.GetResponseAsync(Messages(prompt), ChatOptions(), timeout.Token);
            var (blueprint, why) = Interpret(response.Text, prompt, options.MaxAnswerCharacters);
            if (blueprint is not null)
            {
                logger.LogInformation("Language model blueprint accepted: template {Template}, {Files} files", blueprint.Template, blueprint.Files.Count);
                return BlueprintResult.Made(blueprint);
            }

            reason = why;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            reason = $"The language model did not answer within {options.Timeout.TotalSeconds:0.#} s";
        }
        catch (Exception ex)
        {
            reason = $"The language model could not be used ({ex.GetType().Name}: {BlueprintValidator.Show(ex.Message.Length > 160 ? ex.Message[..160] : ex.Message).Trim('\'')})";
        }

        logger.LogWarning("Language model blueprint not used, falling back to the offline catalog: {Reason}", reason);
        var result = fallback.Generate(prompt);
        return result with { Note = $"{reason}; used the offline catalog instead." };
    }

    /// <summary>
    /// An OpenAI-compatible generator configured from LLM_ENDPOINT (e.g. https://api.openai.com/v1; requests go to
    /// {endpoint}/chat/completions), LLM_MODEL and LLM_API_KEY, or null when LLM_MODEL is not set or neither an
    /// endpoint nor a key is. An invalid LLM_ENDPOINT throws, so a misconfiguration shows at startup.
    /// </summary>
    public static LlmBlueprintGenerator? TryCreateFromEnvironment(
        OfflineBlueprintGenerator fallback,
        ILogger<LlmBlueprintGenerator>? logger = null,
        Func<string, string?>? variables = null,
        LlmBlueprintGeneratorOptions? options = null)
    {
        variables ??= Environment.GetEnvironmentVariable;
        var model = variables("LLM_MODEL");
        var endpoint = variables("LLM_ENDPOINT");
        var apiKey = variables("LLM_API_KEY");
        if (string.IsNullOrWhiteSpace(model) || (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(apiKey)))
        {
            return null;
        }

        options ??= new LlmBlueprintGeneratorOptions();
        var client = CreateOpenAiChatClient(endpoint, model.Trim(), apiKey, options.Timeout);
        return new LlmBlueprintGenerator(client, fallback, logger, options);
    }

    /// <summary>An <see cref="IChatClient"/> for an OpenAI-compatible chat-completions endpoint (Bearer key).</summary>
    public static IChatClient CreateOpenAiChatClient(string? endpoint, string model, string? apiKey, TimeSpan? networkTimeout = null)
    {
        var clientOptions = new OpenAIClientOptions();
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException("LLM_ENDPOINT must be an absolute http(s) URL, e.g. https://api.openai.com/v1.", nameof(endpoint));
            }

            clientOptions.Endpoint = uri;
        }

        if (networkTimeout is { } timeout)
        {
            clientOptions.NetworkTimeout = timeout;
        }

        // Local OpenAI-compatible servers often need no key, but the client insists on one.
        var credential = new ApiKeyCredential(string.IsNullOrWhiteSpace(apiKey) ? "unused" : apiKey.Trim());
        return new OpenAI.Chat.ChatClient(model, credential, clientOptions).AsIChatClient();
    }

    private static List<ChatMessage> Messages(string prompt) =>
    [
        new(ChatRole.System, SystemPrompt),
        new(ChatRole.User, $"Build this app (the text between the markers is the user's request):\n<<<\n{prompt.Trim()}\n>>>"),
    ];

    private ChatOptions ChatOptions() => new()
    {
        Temperature = options.Temperature,
        MaxOutputTokens = options.MaxOutputTokens,
        ResponseFormat = options.RequestJsonFormat ? ChatResponseFormat.Json : null,
    };

    /// <summary>Turns the model's text into a validated blueprint, or says why it can't be used.</summary>
    internal static (Blueprint? Blueprint, string Reason) Interpret(string? answer, string prompt, int maxCharacters = 2_000_000)
    {
        const string Rejected = "The language model's answer was rejected";
        if (string.IsNullOrWhiteSpace(answer))
        {
            return (null, $"{Rejected} (it was empty)");
        }

        if (answer.Length > maxCharacters)
        {
            return (null, $"{Rejected} (it is longer than {maxCharacters} characters)");
        }

        var json = ExtractJson(answer);
        if (json is null)
        {
            return (null, $"{Rejected} (it is not a JSON object)");
        }

        LlmBlueprintDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<LlmBlueprintDocument>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            return (null, ex.Path is { Length: > 1 } path
                ? $"{Rejected} (it is not valid blueprint JSON at {BlueprintValidator.Show(path)})"
                : $"{Rejected} (it is not valid blueprint JSON)");
        }

        if (document is null)
        {
            return (null, $"{Rejected} (it is not a JSON object)");
        }

        if (!string.IsNullOrWhiteSpace(document.Refusal))
        {
            return (null, $"The language model declined ({BlueprintValidator.Show(document.Refusal.Length > 200 ? document.Refusal[..200] : document.Refusal).Trim('\'')})");
        }

        var blueprint = ToBlueprint(document, prompt);
        var problems = BlueprintValidator.Validate(blueprint);
        if (problems.Count > 0)
        {
            var more = problems.Count > 1 ? $"; {problems.Count - 1} more problem{(problems.Count > 2 ? "s" : "")}" : "";
            return (null, $"{Rejected} ({problems[0]}{more})");
        }

        return (blueprint, "");
    }

    private static Blueprint ToBlueprint(LlmBlueprintDocument document, string prompt)
    {
        // Descriptions are ours: the model only chooses kinds and names, which the validator checks.
        var descriptions = DefaultBlueprintGenerator.FullStack.ToDictionary(r => r.Kind, r => r.Description, StringComparer.Ordinal);
        return new Blueprint
        {
            Template = document.Template!,
            Title = document.Title?.Trim()!,
            Summary = document.Summary?.Trim()!,
            Resources = (document.Resources ?? [])
                .Select(r => new BlueprintResource(r?.Kind!, r?.Name!, r?.Kind is { } kind && descriptions.TryGetValue(kind, out var d) ? d : r?.Description ?? ""))
                .ToList(),
            Usage = UsageProfile.ForMonthlyRequests(TrafficParser.MonthlyRequests(prompt)),
            Parameters = document.Parameters ?? new Dictionary<string, string>(),
            Files = (document.Files ?? []).Select(f => f is null ? null! : new GeneratedFile(f.Path!, f.ContentType!, f.Content ?? "")).ToList(),
            HandlerCode = string.IsNullOrEmpty(document.HandlerCode) ? null : document.HandlerCode,
        };
    }

    private static string? ExtractJson(string answer)
    {
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        return start >= 0 && end > start ? answer[start..(end + 1)] : null;
    }
}
