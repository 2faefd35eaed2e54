using PromptStack.Provisioning.Aws;

namespace PromptStack.IntegrationTests.Infrastructure;

/// <summary>A moto server for a test class whose apps must share one emulator.</summary>
public sealed class SharedMoto : IAsyncLifetime
{
    public MotoServer Server { get; private set; } = null!;

    public string Url => Server.Url;

    public async Task InitializeAsync() => Server = await MotoServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
