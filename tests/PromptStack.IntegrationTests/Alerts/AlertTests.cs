using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptStack.Data;
using PromptStack.IntegrationTests.Api;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Provisioning.Engine;

namespace PromptStack.IntegrationTests.Alerts;

/// <summary>Expiry reminders, cost alerts and operator alerts: in the app, by e-mail (test SMTP) and by webhook, each once.</summary>
public sealed class AlertTests(AlertsApp app) : IClassFixture<AlertsApp>
{
    [Fact]
    public async Task ExpiryReminders_TenAndOneMinuteBefore_NotifiedMailedAndPostedOnce()
    {
        var (client, session) = await app.NewUserAsync();
        var email = session.User.Email;
        var id = await ProjectTests.CreateAsync(client, "remind-me");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
        var project = await ProjectWaits.InfraAsync(client, id, "deployed");
        var expiresAt = project.GetProperty("expiresAt").GetDateTimeOffset();
        var clock = app.Clock!;

        // Nothing yet with 20 minutes to go.
        await AlertWaits.MoreTicksAsync(clock, 2);
        Assert.Equal(0, (await AlertWaits.NotificationsAsync(client)).GetProperty("unreadCount").GetInt32());

        clock.Advance(expiresAt - TimeSpan.FromMinutes(9.5) - clock.GetUtcNow());
        await AlertWaits.UntilAsync(clock, async () => MailsTo(email).Count == 1 && Posts(email).Count == 1, "the 10-minute reminder");
        await AlertWaits.MoreTicksAsync(clock);
        var first = await AlertWaits.NotificationsAsync(client);
        Assert.Equal(["'remind-me' will be removed in 10 minutes"], AlertWaits.Titles(first));
        Assert.Equal(id, first.GetProperty("items")[0].GetProperty("projectId").GetString());
        Assert.Equal("expiry-reminder", first.GetProperty("items")[0].GetProperty("kind").GetString());

        clock.Advance(expiresAt - TimeSpan.FromSeconds(50) - clock.GetUtcNow());
        await AlertWaits.UntilAsync(clock, async () => MailsTo(email).Count == 2 && Posts(email).Count == 2, "the 1-minute reminder");
        await AlertWaits.MoreTicksAsync(clock, 2);

        var list = await AlertWaits.NotificationsAsync(client);
        Assert.Equal(2, list.GetProperty("unreadCount").GetInt32());
        Assert.Equal(["'remind-me' will be removed in 1 minute", "'remind-me' will be removed in 10 minutes"], AlertWaits.Titles(list));
        var mails = MailsTo(email);
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Equal([email], m.To));
        Assert.All(mails, m => Assert.Equal("alerts@example.com", m.From));
        Assert.Equal(["[PromptStack] 'remind-me' will be removed in 10 minutes", "[PromptStack] 'remind-me' will be removed in 1 minute"],
            mails.Select(m => m.Subject).ToList());
        Assert.Equal(2, Posts(email).Count);

        // Read: the unread count drops, the list stays.
        var read = await client.PostAsJsonAsync("/api/notifications/read", new { ids = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var after = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, after.GetProperty("unreadCount").GetInt32());
        Assert.Equal(2, after.GetProperty("items").GetArrayLength());
        Assert.All(after.GetProperty("items").EnumerateArray(), n => Assert.NotEqual(JsonValueKind.Null, n.GetProperty("readAt").ValueKind));
    }

    [Fact]
    public async Task CostAlerts_CrossingThresholds_OneAlertEach_WebhookRetriedAfterAFailure()
    {
        var (client, session) = await app.NewUserAsync();
        var email = session.User.Email;
        var id = Guid.Parse(await ProjectTests.CreateAsync(client, "costly"));
        var clock = app.Clock!;

        // The webhook fails once: the post is retried after its backoff, and still arrives once.
        app.Webhook.FailNext(1);
        var failedBefore = app.Webhook.Failed;
        await SetCostAsync(id, 55m);
        await AlertWaits.UntilAsync(clock, async () => Posts(email).Count == 1, "the 50% alert", TimeSpan.FromSeconds(5));
        Assert.Equal(failedBefore + 1, app.Webhook.Failed);

        await SetCostAsync(id, 85m);
        await AlertWaits.UntilAsync(clock, async () => Posts(email).Count == 2 && MailsTo(email).Count == 2, "the 80% alert");
        await AlertWaits.MoreTicksAsync(clock);

        var list = await AlertWaits.NotificationsAsync(client);
        Assert.Equal(["Estimated cost at 80% of your monthly limit", "Estimated cost at 50% of your monthly limit"], AlertWaits.Titles(list));
        Assert.Contains("$85.00/month, 80% of your limit of $100.00/month", list.GetProperty("items")[0].GetProperty("message").GetString());
        Assert.Equal(2, MailsTo(email).Count);
        Assert.Equal(2, Posts(email).Count);

        // Straight to the cap: one alert, not three.
        var (other, otherSession) = await app.NewUserAsync();
        await SetCostAsync(Guid.Parse(await ProjectTests.CreateAsync(other, "at-cap")), 100m);
        await AlertWaits.UntilAsync(clock, async () => MailsTo(otherSession.User.Email).Count == 1, "the 100% alert");
        await AlertWaits.MoreTicksAsync(clock);
        Assert.Equal(["Estimated cost at 100% of your monthly limit"], AlertWaits.Titles(await AlertWaits.NotificationsAsync(other)));

        // Another user's notifications are not listed, nor marked read by their ids.
        var mine = (await AlertWaits.NotificationsAsync(client)).GetProperty("items")[0].GetProperty("id").GetGuid();
        await other.PostAsJsonAsync("/api/notifications/read", new { ids = new[] { mine } });
        Assert.Equal(2, (await AlertWaits.NotificationsAsync(client)).GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public async Task DestroyFails_OperatorWebhookPostedOnce()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await ProjectTests.CreateAsync(client, "doomed");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/projects/{id}/infrastructure", null)).StatusCode);
        await ProjectWaits.InfraAsync(client, id, "deployed");

        var faults = app.Services.GetRequiredService<ReconcilerFaults>();
        faults.AfterChange = _ => throw new InvalidOperationException("simulated AWS failure");
        try
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/projects/{id}/infrastructure")).StatusCode);
            await ProjectWaits.InfraAsync(client, id, "failed");
        }
        finally
        {
            faults.AfterChange = null;
        }

        static bool IsAlert(string text) => text.StartsWith("[PromptStack operator] Destroy failed: project doomed", StringComparison.Ordinal);
        await AlertWaits.UntilAsync(app.Clock, async () => app.Webhook.Texts.Any(IsAlert), "the operator alert");
        await AlertWaits.MoreTicksAsync(app.Clock);
        var alert = Assert.Single(app.Webhook.Texts, IsAlert);
        Assert.Contains("simulated AWS failure", alert);
        Assert.Contains(id, alert);
    }

    private List<ReceivedMail> MailsTo(string email) => app.Smtp.Mails.Where(m => m.To.Contains(email)).ToList();

    private List<string> Posts(string email) => app.Webhook.Texts.Where(t => t.Contains($"({email})", StringComparison.Ordinal)).ToList();

    private async Task SetCostAsync(Guid projectId, decimal cost)
    {
        // Past the create-time quota check on purpose: the alert follows the stored estimate, however it got there.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PromptStackDbContext>();
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.EstimatedMonthlyCost, cost));
    }
}
