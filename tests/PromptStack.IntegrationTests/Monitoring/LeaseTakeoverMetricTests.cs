using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Engine;
using PromptStack.Provisioning.Telemetry;

namespace PromptStack.IntegrationTests.Monitoring;

/// <summary>A short lease, so that work abandoned as by a dying instance is taken over within seconds.</summary>
public sealed class ShortLeaseApp : SqliteApp
{
    public ShortLeaseApp() => Settings["RECONCILER_LEASE_SECONDS"] = "2";
}

/// <summary>Work abandoned mid-provision (as a crashed instance leaves it) is counted as a lease take-over when it is claimed again.</summary>
public sealed class LeaseTakeoverMetricTests(ShortLeaseApp app) : IClassFixture<ShortLeaseApp>
{
    [Fact]
    public async Task AbandonedProvision_ClaimedAgainAfterTheLease_CountsOneTakeover()
    {
        long takeovers = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PlatformTelemetry.Name && instrument.Name == "promptstack.reconciler.lease_takeovers")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref takeovers, value));
        listener.Start();

        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "taken-over");
        var reconciler = app.Services.GetRequiredService<ProjectReconciler>();
        var abandoned = 0;
        app.Services.GetRequiredService<ReconcilerFaults>().AfterChange = _ =>
        {
            // The first change only: the work stops writing at once and leaves its lease to expire.
            if (Interlocked.Exchange(ref abandoned, 1) == 0)
            {
                reconciler.Abandon(Guid.Parse(id));
                throw new OperationCanceledException("Simulated crash");
            }

            return Task.CompletedTask;
        };

        (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).EnsureSuccessStatusCode();

        Assert.Equal("deployed", ProjectWaits.Infra(await ProjectWaits.InfraAsync(client, id, "deployed")));
        Assert.Equal(1, abandoned);

        // Other classes' apps may record take-overs in this process too, never fewer.
        Assert.True(Interlocked.Read(ref takeovers) >= 1);
    }
}
