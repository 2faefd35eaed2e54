using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using PromptStack.Web.Features.Auth;

namespace PromptStack.Web.Infrastructure;

public static class JwtSetup
{
    public const string Issuer = "promptstack";
    public const string Audience = "promptstack";
    public const string AdminPolicy = "admin";

    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    private const string PlatformScheme = "platform";

    /// <summary>
    /// Two doors: API clients send a JWT bearer token to <c>/api</c>; the browser UI holds an HttpOnly,
    /// SameSite=Strict cookie that the API never accepts, so no page script can read a credential and
    /// no other site can ride on it. Both name a session that every request checks.
    /// </summary>
    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var key = new SymmetricSecurityKey(ReadSigningKey(configuration));
        services.AddSingleton(new JwtSigningKey(key));
        services.AddScoped<UserSessions>();
        services.AddAuthentication(PlatformScheme)
            .AddPolicyScheme(PlatformScheme, null, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Path.StartsWithSegments("/api") ? JwtBearerDefaults.AuthenticationScheme : CookieScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(new CachedTokenHandler());
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = Issuer,
                    ValidAudience = Audience,
                    IssuerSigningKey = key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "email",
                    RoleClaimType = "role",
                };
                o.Events = new JwtBearerEvents { OnTokenValidated = SessionCheck.OnTokenValidatedAsync };
            })
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "promptstack.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/";
                o.ExpireTimeSpan = UserSessions.Lifetime;
                o.Events = new CookieAuthenticationEvents { OnValidatePrincipal = SessionCheck.OnValidateCookieAsync };
            });
        // Token lifetimes are judged by the platform's clock, the same one that issued them.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o, clock) =>
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value - parameters.ClockSkew <= now) &&
                       expires is not null && now < expires.Value + parameters.ClockSkew;
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim("role", "admin"));
        return services;
    }

    /// <summary>
    /// JWT_SECRET wins. Without it, local mode (SQLite) generates one and keeps it under the data
    /// directory so sessions survive restarts; a PostgreSQL deployment must set it, since every
    /// instance has to sign with the same key.
    /// </summary>
    private static byte[] ReadSigningKey(IConfiguration configuration)
    {
        if (SecretProblem(configuration) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var secret = configuration["JWT_SECRET"];
        if (!string.IsNullOrEmpty(secret))
        {
            return Encoding.UTF8.GetBytes(secret);
        }

        var directory = PlatformOptions.DataDirectoryOf(configuration);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "jwt-secret");
        if (!File.Exists(file))
        {
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return Encoding.UTF8.GetBytes(File.ReadAllText(file).Trim());
    }

    /// <summary>
    /// Why the JWT_SECRET setting would stop the server, or null when it is usable (set and 32+ bytes, or
    /// unset in local mode, where a key is generated). Shared with <c>verify</c>, which must not generate one.
    /// </summary>
    public static string? SecretProblem(IConfiguration configuration)
    {
        var secret = configuration["JWT_SECRET"];
        if (!string.IsNullOrEmpty(secret))
        {
            return Encoding.UTF8.GetByteCount(secret) < 32 ? "JWT_SECRET must be at least 32 bytes long." : null;
        }

        return DatabaseSetup.UsesPostgres(configuration)
            ? "JWT_SECRET is required when DATABASE_URL is set: every instance must sign tokens with the same key. Set it to a random string of 32 or more characters."
            : null;
    }
}

public sealed record JwtSigningKey(SymmetricSecurityKey Key);
