using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Alerts;

/// <summary>Two instances on one PostgreSQL database both look for alerts every second: each alert is still raised and sent once.</summary>
public sealed class AlertMultiInstanceTests(SharedMoto moto) : IClassFixture<SharedMoto>
{
    [Fact]
    public async Task TwoInstances_DueAlerts_OneNotificationOneMailOnePostEach()
    {
        await using var smtp = new TestSmtpServer();
        await using var webhook = new TestWebhook();
        await using var first = NewApp(smtp, webhook);
        await first.InitializeAsync();
        await using var second = NewApp(smtp, webhook);
        second.UseDatabaseOf(first);
        await second.InitializeAsync();
        _ = first.Services;
        _ = second.Services; // both hosts, and so both alert loops, run from here on

        var (alice, aliceSession) = await first.NewUserAsync();
        var (bob, bobSession) = await second.NewUserAsync();
        var now = DateTimeOffset.UtcNow;
        // Alice: two projects 5 minutes from removal (10-minute reminders) and 85% of the cap (the 80% alert).
        await DueAsync(first, await ProjectTests.CreateAsync(alice, "alice-one"), now.AddMinutes(5), 40m);
        await DueAsync(first, await ProjectTests.CreateAsync(alice, "alice-two"), now.AddMinutes(5), 45m);
        // Bob: one project 40 seconds from removal (the 1-minute reminder) at the cap (the 100% alert).
        await DueAsync(first, await ProjectTests.CreateAsync(bob, "bob-one"), now.AddSeconds(40), 100m);

        const int expected = 5;
        await AlertWaits.UntilAsync(null, () => Task.FromResult(webhook.Texts.Count >= expected && smtp.Mails.Count >= expected), "five alerts");
        await AlertWaits.MoreTicksAsync(null, 3);

        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var notifications = await db.Notifications.AsNoTracking().ToListAsync();
        Assert.Equal(expected, notifications.Count);
        Assert.Equal(3, notifications.Count(n => n.UserId == aliceSession.User.Id));
        Assert.Equal(2, notifications.Count(n => n.UserId == bobSession.User.Id));
        Assert.Equal(expected, notifications.Select(n => (n.UserId, n.Title, n.ProjectId)).Distinct().Count());

        var deliveries = await db.AlertDeliveries.AsNoTracking().ToListAsync();
        Assert.Equal(2 * expected, deliveries.Count);
        Assert.All(deliveries, d => Assert.NotNull(d.SentAt));
        Assert.All(deliveries, d => Assert.Equal(1, d.Attempts));

        Assert.Equal(expected, webhook.Texts.Count);
        Assert.Equal(expected, webhook.Texts.Distinct().Count());
        Assert.Equal(expected, smtp.Mails.Count);
        Assert.Equal(3, smtp.Mails.Count(m => m.To.SequenceEqual([aliceSession.User.Email])));
        Assert.Equal(2, smtp.Mails.Count(m => m.To.SequenceEqual([bobSession.User.Email])));
        Assert.Single(webhook.Texts, t => t.Contains("'bob-one' will be removed in 1 minute", StringComparison.Ordinal));
        Assert.Single(webhook.Texts, t => t.Contains("Estimated cost at 80%", StringComparison.Ordinal));
        Assert.Single(webhook.Texts, t => t.Contains("Estimated cost at 100%", StringComparison.Ordinal));
    }

    /// <summary>Makes a project look provisioned with the given expiry and cost, without the cloud (the reconciler has nothing to do).</summary>
    private static async Task DueAsync(PostgresApp app, string id, DateTimeOffset expiresAt, decimal cost)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        var projectId = Guid.Parse(id);
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.ExpiresAt, expiresAt)
            .SetProperty(p => p.InfrastructureDesired, DesiredState.Present)
            .SetProperty(p => p.EstimatedMonthlyCost, cost));
    }

    private PostgresApp NewApp(TestSmtpServer smtp, TestWebhook webhook)
    {
        var app = new PostgresApp();
        app.Settings["AWS_ENDPOINT_URL"] = moto.Url;
        app.Settings["ALERT_INTERVAL_SECONDS"] = "1";
        app.Settings["SMTP_HOST"] = "127.0.0.1";
        app.Settings["SMTP_PORT"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["SMTP_FROM"] = "alerts@example.com";
        app.Settings["ALERT_WEBHOOK_URL"] = webhook.Url;
        return app;
    }
}
