using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PromptStack.Web.Components.Shared;

/// <summary>How the UI writes money, times, durations and statuses.</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>US dollars: cents for amounts of a cent or more, up to six decimals below that (accrued costs are tiny).</summary>
    public static string Money(decimal value)
    {
        var sign = value < 0 ? "-" : "";
        var amount = Math.Abs(value);
        if (amount == 0 || amount >= 0.01m)
        {
            return sign + "$" + amount.ToString("#,##0.00", Invariant);
        }

        var rounded = Math.Round(amount, 6, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "< $0.000001" : sign + "$" + rounded.ToString("0.######", Invariant);
    }

    /// <summary>
    /// What a project has cost so far: cents, and "< $0.01" for the fractions of a cent a young stack has accrued
    /// (estimates and their lines keep <see cref="Money"/>'s small amounts: they say what a request costs).
    /// </summary>
    public static string Accrued(decimal value) => value is > 0 and < 0.01m ? "< $0.01" : Money(value);

    public static string Time(DateTimeOffset? value) =>
        value is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant) + " UTC" : "—";

    public static string Clock(DateTimeOffset value) => value.UtcDateTime.ToString("HH:mm:ss", Invariant);

    /// <summary>"1h 02m 05s", "12m 05s", "45s".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        var total = (long)Math.Floor(span.TotalSeconds);
        var hours = total / 3600;
        var minutes = total % 3600 / 60;
        var seconds = total % 60;
        return hours > 0 ? $"{hours}h {minutes:00}m {seconds:00}s"
            : minutes > 0 ? $"{minutes}m {seconds:00}s"
            : $"{seconds}s";
    }

    /// <summary>A span of whole minutes as people say it: "4 h", "1 h 30 min", "45 min".</summary>
    public static string Minutes(int minutes) =>
        minutes < 60 ? $"{minutes} min" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";

    /// <summary>Average operation times: "350 ms", "4.2 s", "2m 05s".</summary>
    public static string Seconds(double seconds) =>
        seconds <= 0 ? "—"
        : seconds < 1 ? (seconds * 1000).ToString("0", Invariant) + " ms"
        : seconds < 60 ? seconds.ToString("0.0", Invariant) + " s"
        : Duration(TimeSpan.FromSeconds(seconds));

    public static string Percent(double ratio) => (ratio * 100).ToString("0.#", Invariant) + "%";

    public static string Bytes(long bytes) =>
        bytes < 1024 ? $"{bytes} B" : bytes < 1024 * 1024 ? (bytes / 1024d).ToString("0.#", Invariant) + " KB" : (bytes / 1048576d).ToString("0.#", Invariant) + " MB";

    /// <summary>An enum the way the API writes it: <c>Provisioning</c> is "provisioning".</summary>
    public static string Status<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>
    /// The outputs a user can open: the app and its API. In local mode the stack also records the emulator's own
    /// bucket-website and execute-api addresses, which lead nowhere outside the emulator, so they are not shown.
    /// </summary>
    public static bool IsUserOutput(string key) => key is not ("bucketWebsiteUrl" or "httpApiEndpoint");

    /// <summary>An output's name in the user's words: "siteUrl" is "Your app"; other keys are split at capitals.</summary>
    public static string OutputName(string key) => key switch
    {
        "siteUrl" => "Your app",
        "apiUrl" => "Your app's API",
        _ => Words(key),
    };

    private static string Words(string key)
    {
        var text = new StringBuilder();
        foreach (var c in key)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(text.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}

/// <summary>Project names as the API accepts them: 3-40 of a-z, 0-9 and '-', starting with a letter.</summary>
public static class ProjectNames
{
    public static bool IsValid(string? name) =>
        name is { Length: >= 3 and <= 40 } && name[0] is >= 'a' and <= 'z' && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    /// <summary>A valid name made from a blueprint title: "To-Do List" gives "to-do-list".</summary>
    public static string Suggest(string? title)
    {
        var name = new StringBuilder();
        foreach (var c in (title ?? "").ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        var text = name.ToString().Trim('-');
        if (text.Length == 0)
        {
            return "my-app";
        }

        if (text[0] is < 'a' or > 'z')
        {
            text = "app-" + text;
        }

        if (text.Length > 40)
        {
            // Cut at the last word boundary ('-') so no word is left half ("team-offsit"); a single
            // 40-letter word has no boundary and is cut where it must be.
            var cut = text.LastIndexOf('-', 40);
            text = (cut >= 3 ? text[..cut] : text[..40]).TrimEnd('-');
        }

        return text.Length < 3 ? (text + "-app").TrimStart('-') : text;
    }
}
