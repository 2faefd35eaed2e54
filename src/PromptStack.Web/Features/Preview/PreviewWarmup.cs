using PromptStack.Provisioning.Engine;

namespace PromptStack.Web.Features.Preview;

/// <summary>In local mode, installs the preview's npm packages at start so the first API call of an app is not slow.</summary>
public sealed class PreviewWarmup(PreviewRuntime runtime, EngineOptions engine, ILogger<PreviewWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (engine.PreviewBaseUrl is null)
        {
            return;
        }

        try
        {
            await runtime.EnsureInstalledAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Local previews cannot run API calls until the npm packages install; will retry on first use.");
        }
    }
}
