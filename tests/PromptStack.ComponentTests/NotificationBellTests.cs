using Microsoft.Extensions.Time.Testing;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Features.Notifications;

namespace PromptStack.ComponentTests;

public sealed class NotificationBellTests
{
    private static NotificationDto Reminder(int minutes, bool read = false) => new(Guid.NewGuid(), "expiry-reminder",
        $"'chores' will be removed in {minutes} minutes", "Extend it on its page to keep it.", Samples.ProjectId,
        Samples.Now.AddMinutes(-minutes), read ? Samples.Now : null);

    private static NotificationDto CostAlert() => new(Guid.NewGuid(), "cost-alert", "Estimated cost at 80% of your monthly limit",
        "Your projects are estimated at $85/month.", null, Samples.Now, null);

    [Fact]
    public async Task Render_UnreadNotifications_ShowsCountAndListOnClick()
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi().On("GET /api/notifications",
            FakeApi.Json(new NotificationListDto(2, [CostAlert(), Reminder(10), Reminder(1, read: true)]))));

        var cut = ctx.Render<NotificationBell>();

        Assert.Equal("2", cut.Find("[data-testid=notification-count]").TextContent);
        Assert.Equal("Notifications, 2 unread", cut.Find("[data-testid=notification-bell]").GetAttribute("aria-label"));
        Assert.Empty(cut.FindAll("[data-testid=notification-list]"));

        await cut.Find("[data-testid=notification-bell]").ClickAsync(new());

        var items = cut.FindAll("[data-testid=notification]");
        Assert.Equal(3, items.Count);
        Assert.Contains("Estimated cost at 80%", items[0].TextContent);
        Assert.Equal(2, cut.FindAll(".notification.unread").Count);
        Assert.Equal($"/projects/{Samples.ProjectId}", items[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(2, api.Count("GET /api/notifications"));
    }

    [Fact]
    public async Task MarkAllRead_CountDisappears()
    {
        await using var ctx = Samples.Context();
        var api = Samples.AddApi(ctx, new FakeApi()
            .On("GET /api/notifications", FakeApi.Json(new NotificationListDto(1, [Reminder(10)])))
            .On("POST /api/notifications/read", FakeApi.Json(new NotificationListDto(0, [Reminder(10, read: true)]))));
        var cut = ctx.Render<NotificationBell>();
        await cut.Find("[data-testid=notification-bell]").ClickAsync(new());

        await cut.Find("[data-testid=notifications-read-all] ").ClickAsync(new());

        Assert.Empty(cut.FindAll("[data-testid=notification-count]"));
        Assert.Empty(cut.FindAll(".notification.unread"));
        Assert.Equal("{\"ids\":[]}", api.Requests.Single(r => r.Route == "POST /api/notifications/read").Body);
    }

    [Fact]
    public async Task Clock_RefreshInterval_NewAlertRaisesTheCount()
    {
        var clock = new FakeTimeProvider(Samples.Now);
        await using var ctx = Samples.Context(clock);
        Samples.AddApi(ctx, new FakeApi().On("GET /api/notifications",
            FakeApi.Json(new NotificationListDto(0, [])),
            FakeApi.Json(new NotificationListDto(1, [Reminder(10)]))));
        var cut = ctx.Render<NotificationBell>();
        Assert.Empty(cut.FindAll("[data-testid=notification-count]"));

        clock.Advance(NotificationBell.RefreshInterval);

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=notification-count]").TextContent));
    }
}
