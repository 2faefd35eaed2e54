using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace PromptStack.Web.Infrastructure;

public static class ForwardedHeadersSetup
{
    /// <summary>
    /// X-Forwarded-For and -Proto are believed only from the proxies named in TRUSTED_PROXIES; with
    /// none named, not even from loopback, so no local process can pose as another client address.
    /// </summary>
    public static IServiceCollection AddForwardedHeaders(this IServiceCollection services, PlatformOptions platform)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in platform.TrustedProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
                else if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    o.KnownIPNetworks.Add(network);
                }
            }
        });
        return services;
    }
}
