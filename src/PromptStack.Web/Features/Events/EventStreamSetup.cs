using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Events;

public static class EventStreamSetup
{
    public const string DataSourceKey = "events";

    /// <summary>
    /// Pushed event streams: in process through <see cref="EventSignal"/>; on PostgreSQL also across instances with
    /// LISTEN/NOTIFY (the database's trigger notifies; see <see cref="PostgresEventListener"/>), on one connection of
    /// its own that listens.
    /// </summary>
    public static IServiceCollection AddEventStreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<EventStreamSlots>();
        services.AddSingleton<EventSignal>();
        if (DatabaseSetup.UsesPostgres(configuration))
        {
            var connection = new NpgsqlConnectionStringBuilder(DatabaseSetup.ToNpgsqlConnectionString(configuration["DATABASE_URL"]!))
            {
                MaxPoolSize = 1, ApplicationName = "promptstack-events",
            };
            services.AddKeyedSingleton(DataSourceKey, (_, _) => NpgsqlDataSource.Create(connection.ConnectionString));
            services.AddHostedService<PostgresEventListener>();
        }

        services.AddSingleton<IInterceptor>(sp => new EventNotificationInterceptor(sp.GetRequiredService<EventSignal>()));
        return services;
    }
}
