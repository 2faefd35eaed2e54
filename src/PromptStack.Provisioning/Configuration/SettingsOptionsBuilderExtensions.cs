using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PromptStack.Provisioning.Configuration;

public static class SettingsOptionsBuilderExtensions
{
    /// <summary>
    /// Binds the options from environment-style keys with <paramref name="bind"/> and validates them with
    /// <paramref name="problems"/>. Values that do not parse fail the options (and so the start, with ValidateOnStart)
    /// together with the problems of the values that did, every message naming its variable.
    /// </summary>
    public static OptionsBuilder<TOptions> BindSettings<TOptions>(
        this OptionsBuilder<TOptions> builder, IConfiguration configuration, Action<SettingsReader, TOptions> bind,
        Func<TOptions, IEnumerable<string>> problems)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configure(options =>
        {
            var reader = new SettingsReader(configuration);
            bind(reader, options);
            if (reader.Problems.Count > 0)
            {
                // A value that did not parse kept its default, so checking the others now reports no false problem.
                throw new OptionsValidationException(builder.Name, typeof(TOptions), [.. reader.Problems, .. problems(options)]);
            }
        });
        return builder.ValidateSettings(problems);
    }

    /// <summary>
    /// Validates the options with <paramref name="problems"/>, which names each bad setting in its own message; all
    /// of them are reported together.
    /// </summary>
    public static OptionsBuilder<TOptions> ValidateSettings<TOptions>(
        this OptionsBuilder<TOptions> builder, Func<TOptions, IEnumerable<string>> problems)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new SettingsValidator<TOptions>(builder.Name, problems));
        return builder;
    }

    /// <summary>
    /// Registers the options' value itself as a singleton, for types that take their settings as plain objects. Its
    /// first resolution runs every start-up validation of the container: a host builds its hosted services before it
    /// validates options, and a service built with one bad settings object would otherwise report only that object's
    /// problems instead of all of them.
    /// </summary>
    public static OptionsBuilder<TOptions> RegisterValue<TOptions>(this OptionsBuilder<TOptions> builder)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        builder.Services.AddSingleton(sp =>
        {
            sp.GetService<IStartupValidator>()?.Validate();
            return sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);
        });
        return builder;
    }

    private sealed class SettingsValidator<TOptions>(string name, Func<TOptions, IEnumerable<string>> problems) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? optionsName, TOptions options)
        {
            if (optionsName is not null && optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
