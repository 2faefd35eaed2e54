using Microsoft.Extensions.AI;

namespace PromptStack.BlueprintTests.Infrastructure;

/// <summary>A chat client that answers with whatever the test says and records what it was asked.</summary>
public sealed class FakeChatClient(Func<CancellationToken, Task<string>> answer) : IChatClient
{
    public FakeChatClient(string text)
        : this(_ => Task.FromResult(text))
    {
    }

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add((messages.ToList(), options));
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, await answer(cancellationToken)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
