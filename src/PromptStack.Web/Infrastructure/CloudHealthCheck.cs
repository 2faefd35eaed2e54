using Microsoft.Extensions.Diagnostics.HealthChecks;
using PromptStack.Provisioning.Aws;

namespace PromptStack.Web.Infrastructure;

/// <summary>Ready only when the cloud answers: a cheap authenticated call (STS GetCallerIdentity).</summary>
public sealed class CloudHealthCheck(AwsClientFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var sts = factory.CreateStsClient("platform");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await sts.GetCallerIdentityAsync(new Amazon.SecurityToken.Model.GetCallerIdentityRequest(), timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The cloud endpoint does not answer.", ex);
        }
    }
}
