using Microsoft.AspNetCore.HttpLogging;

namespace PromptStack.Web.Infrastructure;

/// <summary>Levels come from appsettings.json; these are the rules that must hold whatever it says.</summary>
public static class LoggingSetup
{
    public static WebApplicationBuilder AddPlatformLogging(this WebApplicationBuilder builder)
    {
        // The host's "Request starting/finished" lines carry whole query strings, where one-time
        // preview tickets travel (and tokens that clients wrongly put there): keep them out of every log.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        if (string.Equals(builder.Configuration["LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }

        // One line per request instead: method, path, status and duration, never the query string or headers.
        builder.Services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath |
                              HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        return builder;
    }
}
