using Microsoft.EntityFrameworkCore.Diagnostics;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Projects;

namespace PromptStack.Web.Infrastructure.ReadCache;

public static class ReadCacheSetup
{
    /// <summary>
    /// The read path's caches: sign-ins (every authenticated request) and projects (list and page). Register before
    /// the event streams, so a stream woken by a commit finds the caches already told of it.
    /// </summary>
    public static IServiceCollection AddReadCaches(this IServiceCollection services)
    {
        services.AddSingleton<ChangeVersions>();
        services.AddSingleton<IInterceptor>(sp => new ChangeInterceptor(sp.GetRequiredService<ChangeVersions>()));
        services.AddSingleton<UserSessions.SignInCache>();
        services.AddSingleton<ProjectReadCache>();
        return services;
    }
}
