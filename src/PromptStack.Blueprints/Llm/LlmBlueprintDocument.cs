using System.Text.Json.Serialization;

namespace PromptStack.Blueprints.Llm;

/// <summary>The JSON a language model is asked to answer with. Every member may be missing or wrong: it is validated.</summary>
internal sealed class LlmBlueprintDocument
{
    [JsonPropertyName("template")]
    public string? Template { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("summary")]
    public string? Summary { get; set; }

    [JsonPropertyName("parameters")]
    public Dictionary<string, string>? Parameters { get; set; }

    [JsonPropertyName("resources")]
    public List<LlmResource?>? Resources { get; set; }

    [JsonPropertyName("files")]
    public List<LlmFile?>? Files { get; set; }

    [JsonPropertyName("handlerCode")]
    public string? HandlerCode { get; set; }

    [JsonPropertyName("refusal")]
    public string? Refusal { get; set; }
}

internal sealed class LlmResource
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }
}

internal sealed class LlmFile
{
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    [JsonPropertyName("contentType")]
    public string? ContentType { get; set; }

    [JsonPropertyName("content")]
    public string? Content { get; set; }
}
