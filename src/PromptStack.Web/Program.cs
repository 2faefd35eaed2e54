using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Scalar.AspNetCore;
using PromptStack.Blueprints;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Features.Admin;
using PromptStack.Web.Features.Alerts;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Features.Application;
using PromptStack.Web.Features.Events;
using PromptStack.Web.Features.Infrastructure;
using PromptStack.Web.Features.Notifications;
using PromptStack.Web.Features.Preview;
using PromptStack.Web.Features.Terraform;
using PromptStack.Web.Infrastructure;
using PromptStack.Web.Infrastructure.ReadCache;

if (args.Length > 0 && args[0] == "bootstrap")
{
    return BootstrapCommand.Run(args, Console.Out);
}

if (args.Length > 0 && args[0] == "users")
{
    return await UsersCommand.MainAsync(args, Console.Out);
}

if (args.Length > 0 && args[0] == "verify")
{
    return await PromptStack.Web.Infrastructure.Verify.VerifyCommand.MainAsync(args, Console.Out);
}

// The application's own folder, not the current one: a service manager or container starts it from
// anywhere, and the web root (the UI's scripts and styles) lives beside the program.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var configuration = builder.Configuration;
var platform = new PlatformOptions();
PlatformOptions.Bind(configuration, platform);
var migrateOnly = args.Length > 0 && args[0] == "migrate";
await using var localCloud = migrateOnly ? null : await LocalCloud.StartIfNeededAsync(configuration);

builder.AddPlatformLogging();
builder.AddMonitoring();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 256 * 1024);
builder.Services.AddPlatformOptions(configuration);
builder.Services.AddDatabase(configuration);
builder.Services.AddPlatformAuthentication(configuration);
builder.Services.AddDataProtection().SetApplicationName("PromptStack").PersistKeysToDbContext<PromptStackDbContext>();
builder.Services.AddForwardedHeaders(platform);
builder.Services.AddProblems();
builder.Services.AddRateLimits(platform);
builder.Services.AddEngine(configuration);
builder.Services.AddAlerts(configuration);
builder.Services.AddUi();
builder.Services.AddApiContract();
builder.Services.AddCors(o => o.AddDefaultPolicy(p =>
{
    if (platform.CorsOrigins.Count > 0)
    {
        p.WithOrigins([.. platform.CorsOrigins]).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Retry-After", "Location");
    }
}));
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
});
// Malformed JSON becomes a BadHttpRequestException that the problem writer words clearly.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
builder.Services.AddSingleton<TokenService>();
builder.Services.AddSingleton<ProjectQuota>();
builder.Services.AddReadCaches();
builder.Services.AddEventStreams(configuration);
builder.Services.AddPromptStackBlueprints(key => configuration[key]);

var app = builder.Build();

if (migrateOnly)
{
    await DatabaseSetup.MigrateAsync(app.Services);
    app.Logger.LogInformation("Database migrated.");
    return 0;
}

if (!DatabaseSetup.UsesPostgres(configuration) || configuration.GetValue("MIGRATE_ON_START", false))
{
    await DatabaseSetup.MigrateAsync(app.Services);
}

app.UseMonitoring();
app.UseForwardedHeaders();
app.UseHttpLogging();
app.UseExceptionHandler();
// Generated apps are answered on their own origins before anything of the platform runs.
app.UsePreviewOrigins();
app.UseStatusCodePages();
app.UseApiBodySizeLimit();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi();
app.MapScalarApiReference("/docs", o => o.WithTitle("PromptStack API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
app.MapAuth();
app.MapProjects();
app.MapEvents();
app.MapGeneratedFiles();
app.MapPreviewTickets();
app.MapNotifications();
app.MapTerraform();
app.MapUi();
app.MapAdmin();

app.Logger.LogInformation("PromptStack uses {Database}.", DatabaseSetup.UsesPostgres(configuration) ? "PostgreSQL" : "embedded SQLite");
if (localCloud is not null)
{
    app.Logger.LogInformation("Local mode: no AWS configured, so a moto AWS emulator was started at {Url}; it stops with the server.", localCloud.Url);
}

try
{
    await app.RunAsync();
}
catch (Exception ex) when (IsBadSetting(ex))
{
    // The host has logged every bad setting by name; a service manager needs a plain failure, not a crash dump.
    return 1;
}

return 0;

// Several bad settings arrive together, as one AggregateException.
static bool IsBadSetting(Exception ex) =>
    ex is Microsoft.Extensions.Options.OptionsValidationException
    || (ex is AggregateException all && all.Flatten().InnerExceptions.All(e => e is Microsoft.Extensions.Options.OptionsValidationException));

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
