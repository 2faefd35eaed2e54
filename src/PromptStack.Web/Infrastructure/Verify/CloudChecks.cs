using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Web.Infrastructure.Verify;

/// <summary>The cloud half of <c>verify</c>: identity, AssumeRole, then the canary stack and the sweeper's listing.</summary>
public static class CloudChecks
{
    public static async Task RunAsync(IServiceProvider services, Checklist checklist, CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<AwsSettings>();
        if (string.IsNullOrWhiteSpace(settings.RoleArn) && !settings.UsesCustomEndpoint)
        {
            // The server would start its own moto (LocalCloud); verify does not, since that proves nothing about a deployment.
            checklist.Skip("AWS", "neither AWS_ENDPOINT_URL nor AWS_ROLE_ARN is set: local mode, the server starts its own moto " +
                                  "emulator at start. Set AWS_ENDPOINT_URL (an emulator) or AWS_ROLE_ARN (AWS) to verify a cloud");
            return;
        }

        if (!await IdentityAsync(services.GetRequiredService<AwsCredentialSource>(), settings, checklist, cancellationToken))
        {
            checklist.Skip("AssumeRole, canaries, orphan sweeper", "not tried: the AWS identity check failed");
            return;
        }

        if (!await AssumeRoleAsync(services.GetRequiredService<AwsClientFactory>(), checklist, cancellationToken))
        {
            checklist.Skip("Canaries, orphan sweeper", "not tried: AssumeRole failed");
            return;
        }

        var canaries = new CanaryStack(
            services.GetRequiredService<IEnumerable<IResourceDriver>>(), services.GetRequiredService<EngineOptions>(), settings,
            services.GetRequiredService<TimeProvider>());
        await canaries.RunAsync(checklist, cancellationToken);
    }

    /// <summary>GetCallerIdentity with the process' own credentials (the ones that assume the role), retried once only.</summary>
    private static async Task<bool> IdentityAsync(
        AwsCredentialSource credentials, AwsSettings settings, Checklist checklist, CancellationToken cancellationToken)
    {
        try
        {
            var config = new AmazonSecurityTokenServiceConfig { MaxErrorRetry = 1, Timeout = TimeSpan.FromSeconds(10) };
            settings.ApplyTo(config);
            using var sts = new AmazonSecurityTokenServiceClient(credentials.BaseCredentials, config);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), timeout.Token);
            checklist.Ok("AWS identity", $"{identity.Arn} (account {identity.Account}) at {CloudErrors.Where(settings)}");
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            checklist.Fail("AWS identity", CloudErrors.Describe(ex, settings));
            return false;
        }
    }

    /// <summary>
    /// A user session exactly as the server makes one: AssumeRole with the external id, the UserId session tag and
    /// the session policy (AwsCredentialSource), then GetCallerIdentity with it.
    /// </summary>
    private static async Task<bool> AssumeRoleAsync(AwsClientFactory factory, Checklist checklist, CancellationToken cancellationToken)
    {
        var settings = factory.Settings;
        if (string.IsNullOrWhiteSpace(settings.RoleArn))
        {
            checklist.Skip("AssumeRole", "AWS_ROLE_ARN not set (emulator mode: the process' own credentials are used)");
            return true;
        }

        try
        {
            using var sts = factory.CreateStsClient(CanaryStack.UserId.ToString());
            var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
            var externalId = string.IsNullOrWhiteSpace(settings.ExternalId) ? "without an external id (AWS_EXTERNAL_ID unset)" : "with the external id";
            checklist.Ok("AssumeRole", $"{settings.RoleArn} {externalId} and the UserId session tag: {identity.Arn}");
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            checklist.Fail("AssumeRole", $"{settings.RoleArn}: {CloudErrors.Describe(ex, settings)} — check AWS_ROLE_ARN, AWS_EXTERNAL_ID " +
                                         "and the role's trust policy (sts:AssumeRole and sts:TagSession, see `bootstrap`)");
            return false;
        }
    }
}
