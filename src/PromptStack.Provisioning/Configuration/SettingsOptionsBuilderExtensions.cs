using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PromptStack.Provisioning.Configuration;

public static class SettingsOptionsBuilderExtensions
{
    /// <summary>
    /// Binds the options from environment-style keys with <paramref name="bind"/>; values that do not parse fail the
    /// options (and so the start, with ValidateOnStart) with messages naming their variables.
    /// </summary>
    public static OptionsBuilder<TOptions> BindSettings<TOptions>(
        this OptionsBuilder<TOptions> builder, IConfiguration configuration, Action<SettingsReader, TOptions> bind)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configure(options =>
        {
            var reader = new SettingsReader(configuration);
            bind(reader, options);
            reader.ThrowIfAny(builder.Name, typeof(TOptions));
        });
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
