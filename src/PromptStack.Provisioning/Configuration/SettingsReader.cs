using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace PromptStack.Provisioning.Configuration;

/// <summary>
/// Reads the flat, environment-style keys of the README's configuration table (RECONCILER_LEASE_SECONDS, ...). A value
/// that does not parse is collected with its variable's name (and the default kept) instead of thrown at once, so one
/// start names every bad value; what a parsed value may be is checked by the options' validation.
/// </summary>
public sealed class SettingsReader(Func<string, string?> variables)
{
    private readonly List<string> problems = [];

    public SettingsReader(IConfiguration configuration)
        : this(key => configuration[key])
    {
    }

    /// <summary>What did not parse so far, one message per variable.</summary>
    public IReadOnlyList<string> Problems => problems;

    /// <summary>The trimmed value; null when the key is unset or blank (a blank variable means "use the default").</summary>
    public string? Text(string key) => variables(key) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string Text(string key, string fallback) => Text(key) ?? fallback;

    public int WholeNumber(string key, int fallback) =>
        Text(key) is not { } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : Problem(key, text, "a whole number", fallback);

    public double Number(string key, double fallback) =>
        Text(key) is not { } text ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : Problem(key, text, "a number", fallback);

    public bool Flag(string key, bool fallback) =>
        Text(key) is not { } text ? fallback
        : bool.TryParse(text, out var value) ? value
        : Problem(key, text, "true or false", fallback);

    public TimeSpan Seconds(string key, TimeSpan fallback) => TimeSpan.FromSeconds(WholeNumber(key, (int)fallback.TotalSeconds));

    public TimeSpan Milliseconds(string key, TimeSpan fallback) => TimeSpan.FromMilliseconds(WholeNumber(key, (int)fallback.TotalMilliseconds));

    private T Problem<T>(string key, string text, string expected, T fallback)
    {
        problems.Add($"{key} must be {expected}, not '{text}'.");
        return fallback;
    }
}
