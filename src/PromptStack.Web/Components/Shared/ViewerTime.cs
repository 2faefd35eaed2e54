using System.Globalization;

namespace PromptStack.Web.Components.Shared;

/// <summary>
/// The viewer's time zone, asked of the browser by Routes and cascaded to every component that shows a time.
/// The server cannot know it otherwise; without it times stay UTC, labelled so.
/// </summary>
public sealed class ViewerTime
{
    public static readonly ViewerTime Utc = new(null);

    private ViewerTime(TimeZoneInfo? zone) => Zone = zone;

    /// <summary>Null when the browser's zone is unknown (not asked yet, or a zone this server does not know).</summary>
    public TimeZoneInfo? Zone { get; }

    /// <summary>The IANA zone the browser names ("Europe/Berlin"); UTC for anything missing or unknown (the browser's word, so untrusted).</summary>
    public static ViewerTime From(string? zoneId) =>
        zoneId is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? new ViewerTime(zone) : Utc;

    /// <summary>"2026-12-01 15:56:05" in the viewer's zone, or "2026-12-01 06:56:05 UTC" when it is unknown.</summary>
    public string Time(DateTimeOffset? value) =>
        value is not { } t ? "—"
        : Zone is { } zone ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : Format.Time(t);

    /// <summary>"15:56:05" in the viewer's zone (UTC when unknown).</summary>
    public string Clock(DateTimeOffset value) =>
        Zone is { } zone ? TimeZoneInfo.ConvertTime(value, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture) : Format.Clock(value);

    /// <summary>The tooltip: the same moment in UTC, and which zone the shown time is in.</summary>
    public string Title(DateTimeOffset? value) =>
        value is null ? "" : Zone is { } zone ? $"{Format.Time(value)} (shown in your time zone, {zone.Id})" : Format.Time(value);
}
