using PromptStack.Web.Components.Shared;

namespace PromptStack.Web.Components.Pages.Project;

/// <summary>
/// How the UI words an extension of the automatic cleanup, and the cap on it: an extension moves the cleanup at most
/// <c>MAX_RESOURCE_TIMEOUT_MINUTES</c> from now, which the server applies silently (the answer is simply an earlier time).
/// </summary>
public static class Extension
{
    /// <summary>The Extend button: its minutes, or the cap when adding them would pass it.</summary>
    public static string Label(DateTimeOffset? expiresAt, int minutes, int? capMinutes, DateTimeOffset now, string plain) =>
        WouldBeCapped(expiresAt, minutes, capMinutes, now) ? $"Extend (up to {Format.Minutes(capMinutes!.Value)} from now)" : plain;

    public static bool WouldBeCapped(DateTimeOffset? expiresAt, int minutes, int? capMinutes, DateTimeOffset now) =>
        expiresAt is { } at && capMinutes is { } cap && at.AddMinutes(minutes) > now.AddMinutes(cap);

    /// <summary>What an extension did: moved the cleanup by all the minutes asked for, or less because of the cap.</summary>
    public static (string Message, bool Capped) Outcome(DateTimeOffset? before, int minutes, DateTimeOffset? after, int? capMinutes, ViewerTime? viewer = null)
    {
        var time = viewer ?? ViewerTime.Utc;
        var moved = $"Cleanup moved to {time.Time(after)}.";
        if (before is not { } from || after is not { } to || to >= from.AddMinutes(minutes).AddSeconds(-1))
        {
            return (moved, false);
        }

        var cap = capMinutes is { } c ? $"{Format.Minutes(c)} from now" : "the platform's limit";
        return to <= from
            ? ($"Cleanup not moved: it is already at {time.Time(to)}, the most an extension allows ({cap}).", true)
            : ($"Cleanup moved to {time.Time(to)} only: extensions are capped at {cap}, so it got {Format.Minutes((int)Math.Round((to - from).TotalMinutes))} of the {minutes} minutes asked for.", true);
    }
}
