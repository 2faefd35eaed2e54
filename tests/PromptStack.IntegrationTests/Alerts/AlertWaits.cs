using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace PromptStack.IntegrationTests.Alerts;

public static class AlertWaits
{
    public static async Task<JsonElement> NotificationsAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/notifications");

    public static List<string> Titles(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("title").GetString()!).ToList();

    /// <summary>
    /// Moves <paramref name="clock"/> on by <paramref name="step"/> (one or more alert ticks) between looks until
    /// <paramref name="done"/> holds; null clock: real time passes.
    /// </summary>
    public static async Task UntilAsync(FakeTimeProvider? clock, Func<Task<bool>> done, string what, TimeSpan? step = null, int timeoutSeconds = 60)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(timeoutSeconds), "Timed out waiting for " + what);
            clock?.Advance(step ?? TimeSpan.FromSeconds(1));
            await Task.Delay(200);
        }
    }

    /// <summary>A few more ticks, to give a duplicate every chance to appear.</summary>
    public static async Task MoreTicksAsync(FakeTimeProvider? clock, int ticks = 4)
    {
        for (var i = 0; i < ticks; i++)
        {
            clock?.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(clock is null ? 1000 : 250);
        }
    }
}
