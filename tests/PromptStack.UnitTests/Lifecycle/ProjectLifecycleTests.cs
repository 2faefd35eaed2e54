using PromptStack.Provisioning.Lifecycle;

namespace PromptStack.UnitTests.Lifecycle;

/// <summary>Every named state × every request, with its outcome; extensions are by 30 minutes.</summary>
public sealed class ProjectLifecycleTests
{
    [Theory]
    // Provision
    [InlineData("new", LifecycleRequest.Provision, "provision: infra=Present app=- reason=null expires=+60m")]
    [InlineData("provisioning", LifecycleRequest.Provision, "409 Already provisioning")]
    [InlineData("provisionFailed", LifecycleRequest.Provision, "provision: infra=Present app=- reason=null expires=+60m")]
    [InlineData("deployed", LifecycleRequest.Provision, "409 Infrastructure already deployed")]
    [InlineData("appDeploying", LifecycleRequest.Provision, "409 Infrastructure already deployed")]
    [InlineData("appDeployed", LifecycleRequest.Provision, "409 Infrastructure already deployed")]
    [InlineData("appFailed", LifecycleRequest.Provision, "409 Infrastructure already deployed")]
    [InlineData("appPurging", LifecycleRequest.Provision, "409 Infrastructure already deployed")]
    [InlineData("expired", LifecycleRequest.Provision, "409 Infrastructure already deployed")]
    [InlineData("expiredWithApp", LifecycleRequest.Provision, "409 Infrastructure already deployed")]
    [InlineData("destroying", LifecycleRequest.Provision, "409 Destroy in progress")]
    [InlineData("destroyFailed", LifecycleRequest.Provision, "provision: infra=Present app=- reason=null expires=+60m")]
    [InlineData("reaping", LifecycleRequest.Provision, "provision: infra=Present app=- reason=null expires=+60m")]
    [InlineData("destroyed", LifecycleRequest.Provision, "provision: infra=Present app=- reason=null expires=+60m")]
    [InlineData("leftovers", LifecycleRequest.Provision, "provision: infra=Present app=- reason=null expires=+60m")]
    // Provision and deploy: a provision that also wants the application; a plain deploy once the infrastructure is up
    [InlineData("new", LifecycleRequest.ProvisionAndDeploy, "provision: infra=Present app=Present/v1 reason=null expires=+60m")]
    [InlineData("provisioning", LifecycleRequest.ProvisionAndDeploy, "409 Already provisioning")]
    [InlineData("provisionFailed", LifecycleRequest.ProvisionAndDeploy, "provision: infra=Present app=Present/v1 reason=null expires=+60m")]
    [InlineData("deployed", LifecycleRequest.ProvisionAndDeploy, "deploy: infra=- app=Present/v1 reason=- expires=-")]
    [InlineData("appDeploying", LifecycleRequest.ProvisionAndDeploy, "409 Application operation in progress")]
    [InlineData("appDeployed", LifecycleRequest.ProvisionAndDeploy, "deploy: infra=- app=Present/v1 reason=- expires=-")]
    [InlineData("appFailed", LifecycleRequest.ProvisionAndDeploy, "deploy: infra=- app=Present/v1 reason=- expires=-")]
    [InlineData("appPurging", LifecycleRequest.ProvisionAndDeploy, "409 Application operation in progress")]
    [InlineData("expired", LifecycleRequest.ProvisionAndDeploy, "deploy: infra=- app=Present/v1 reason=- expires=-")]
    [InlineData("expiredWithApp", LifecycleRequest.ProvisionAndDeploy, "deploy: infra=- app=Present/v1 reason=- expires=-")]
    [InlineData("destroying", LifecycleRequest.ProvisionAndDeploy, "409 Destroy in progress")]
    [InlineData("destroyFailed", LifecycleRequest.ProvisionAndDeploy, "provision: infra=Present app=Present/v1 reason=null expires=+60m")]
    [InlineData("reaping", LifecycleRequest.ProvisionAndDeploy, "provision: infra=Present app=Present/v1 reason=null expires=+60m")]
    [InlineData("destroyed", LifecycleRequest.ProvisionAndDeploy, "provision: infra=Present app=Present/v1 reason=null expires=+60m")]
    [InlineData("leftovers", LifecycleRequest.ProvisionAndDeploy, "provision: infra=Present app=Present/v1 reason=null expires=+60m")]
    // Destroy
    [InlineData("new", LifecycleRequest.Destroy, "409 No infrastructure")]
    [InlineData("provisioning", LifecycleRequest.Destroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("provisionFailed", LifecycleRequest.Destroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("deployed", LifecycleRequest.Destroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("appDeploying", LifecycleRequest.Destroy, "409 Purge application first")]
    [InlineData("appDeployed", LifecycleRequest.Destroy, "409 Purge application first")]
    [InlineData("appFailed", LifecycleRequest.Destroy, "409 Purge application first")]
    [InlineData("appPurging", LifecycleRequest.Destroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("expired", LifecycleRequest.Destroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("expiredWithApp", LifecycleRequest.Destroy, "409 Purge application first")]
    [InlineData("destroying", LifecycleRequest.Destroy, "409 Destroy in progress")]
    [InlineData("destroyFailed", LifecycleRequest.Destroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("reaping", LifecycleRequest.Destroy, "409 Purge application first")]
    [InlineData("destroyed", LifecycleRequest.Destroy, "409 No infrastructure")]
    [InlineData("leftovers", LifecycleRequest.Destroy, "destroy: infra=Absent app=- reason=user expires=-")]
    // Purge and destroy: one confirmed request; the purge-first refusal gives way to purging the app, the others stand
    [InlineData("new", LifecycleRequest.PurgeAndDestroy, "409 No infrastructure")]
    [InlineData("deployed", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("appDeploying", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=Absent reason=user expires=-")]
    [InlineData("appDeployed", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=Absent reason=user expires=-")]
    [InlineData("appFailed", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=Absent reason=user expires=-")]
    [InlineData("expiredWithApp", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=Absent reason=user expires=-")]
    [InlineData("provisioning", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("provisionFailed", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("appPurging", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("expired", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("destroying", LifecycleRequest.PurgeAndDestroy, "409 Destroy in progress")]
    [InlineData("destroyFailed", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("reaping", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=Absent reason=user expires=-")]
    [InlineData("leftovers", LifecycleRequest.PurgeAndDestroy, "destroy: infra=Absent app=- reason=user expires=-")]
    [InlineData("destroyed", LifecycleRequest.PurgeAndDestroy, "409 No infrastructure")]
    // Deploy
    [InlineData("new", LifecycleRequest.Deploy, "409 Infrastructure not deployed")]
    [InlineData("provisioning", LifecycleRequest.Deploy, "409 Infrastructure not deployed")]
    [InlineData("provisionFailed", LifecycleRequest.Deploy, "409 Infrastructure not deployed")]
    [InlineData("deployed", LifecycleRequest.Deploy, "deploy: infra=- app=Present/v1 reason=- expires=-")]
    [InlineData("appDeploying", LifecycleRequest.Deploy, "409 Application operation in progress")]
    [InlineData("appDeployed", LifecycleRequest.Deploy, "deploy: infra=- app=Present/v1 reason=- expires=-")]
    [InlineData("appFailed", LifecycleRequest.Deploy, "deploy: infra=- app=Present/v1 reason=- expires=-")]
    [InlineData("appPurging", LifecycleRequest.Deploy, "409 Application operation in progress")]
    [InlineData("expired", LifecycleRequest.Deploy, "deploy: infra=- app=Present/v1 reason=- expires=-")]
    [InlineData("expiredWithApp", LifecycleRequest.Deploy, "deploy: infra=- app=Present/v1 reason=- expires=-")]
    [InlineData("destroying", LifecycleRequest.Deploy, "409 Infrastructure not deployed")]
    [InlineData("destroyFailed", LifecycleRequest.Deploy, "409 Infrastructure not deployed")]
    [InlineData("reaping", LifecycleRequest.Deploy, "409 Infrastructure not deployed")]
    [InlineData("destroyed", LifecycleRequest.Deploy, "409 Infrastructure not deployed")]
    [InlineData("leftovers", LifecycleRequest.Deploy, "409 Infrastructure not deployed")]
    // Purge
    [InlineData("new", LifecycleRequest.Purge, "409 Nothing to purge")]
    [InlineData("provisioning", LifecycleRequest.Purge, "409 Nothing to purge")]
    [InlineData("provisionFailed", LifecycleRequest.Purge, "409 Nothing to purge")]
    [InlineData("deployed", LifecycleRequest.Purge, "409 Nothing to purge")]
    [InlineData("appDeploying", LifecycleRequest.Purge, "purge: infra=- app=Absent reason=- expires=-")]
    [InlineData("appDeployed", LifecycleRequest.Purge, "purge: infra=- app=Absent reason=- expires=-")]
    [InlineData("appFailed", LifecycleRequest.Purge, "purge: infra=- app=Absent reason=- expires=-")]
    [InlineData("appPurging", LifecycleRequest.Purge, "purge: infra=- app=Absent reason=- expires=-")]
    [InlineData("expired", LifecycleRequest.Purge, "409 Nothing to purge")]
    [InlineData("expiredWithApp", LifecycleRequest.Purge, "purge: infra=- app=Absent reason=- expires=-")]
    [InlineData("destroying", LifecycleRequest.Purge, "409 Nothing to purge")]
    [InlineData("destroyFailed", LifecycleRequest.Purge, "409 Nothing to purge")]
    [InlineData("reaping", LifecycleRequest.Purge, "purge: infra=- app=Absent reason=- expires=-")]
    [InlineData("destroyed", LifecycleRequest.Purge, "409 Nothing to purge")]
    [InlineData("leftovers", LifecycleRequest.Purge, "409 Nothing to purge")]
    // Delete
    [InlineData("new", LifecycleRequest.Delete, "delete: infra=- app=- reason=- expires=-")]
    [InlineData("provisioning", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("provisionFailed", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("deployed", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("appDeploying", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("appDeployed", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("appFailed", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("appPurging", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("expired", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("expiredWithApp", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("destroying", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("destroyFailed", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("reaping", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    [InlineData("destroyed", LifecycleRequest.Delete, "delete: infra=- app=- reason=- expires=-")]
    [InlineData("leftovers", LifecycleRequest.Delete, "409 Destroy infrastructure first")]
    // Extend
    [InlineData("new", LifecycleRequest.Extend, "409 Nothing to extend")]
    [InlineData("provisioning", LifecycleRequest.Extend, "extend: infra=- app=- reason=- expires=+60m")]
    [InlineData("provisionFailed", LifecycleRequest.Extend, "extend: infra=- app=- reason=- expires=+60m")]
    [InlineData("deployed", LifecycleRequest.Extend, "extend: infra=- app=- reason=- expires=+60m")]
    [InlineData("appDeploying", LifecycleRequest.Extend, "extend: infra=- app=- reason=- expires=+60m")]
    [InlineData("appDeployed", LifecycleRequest.Extend, "extend: infra=- app=- reason=- expires=+60m")]
    [InlineData("appFailed", LifecycleRequest.Extend, "extend: infra=- app=- reason=- expires=+60m")]
    [InlineData("appPurging", LifecycleRequest.Extend, "extend: infra=- app=- reason=- expires=+60m")]
    [InlineData("expired", LifecycleRequest.Extend, "extend: infra=- app=- reason=- expires=+29m")]
    [InlineData("expiredWithApp", LifecycleRequest.Extend, "extend: infra=- app=- reason=- expires=+29m")]
    [InlineData("destroying", LifecycleRequest.Extend, "409 Nothing to extend")]
    [InlineData("destroyFailed", LifecycleRequest.Extend, "409 Nothing to extend")]
    [InlineData("reaping", LifecycleRequest.Extend, "409 Nothing to extend")]
    [InlineData("destroyed", LifecycleRequest.Extend, "409 Nothing to extend")]
    [InlineData("leftovers", LifecycleRequest.Extend, "409 Nothing to extend")]
    // Expire
    [InlineData("new", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("provisioning", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("provisionFailed", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("deployed", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("appDeploying", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("appDeployed", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("appFailed", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("appPurging", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("expired", LifecycleRequest.Expire, "destroy: infra=Absent app=Absent reason=expired expires=-")]
    [InlineData("expiredWithApp", LifecycleRequest.Expire, "destroy: infra=Absent app=Absent reason=expired expires=-")]
    [InlineData("destroying", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("destroyFailed", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("reaping", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("destroyed", LifecycleRequest.Expire, "409 Not expired")]
    [InlineData("leftovers", LifecycleRequest.Expire, "409 Not expired")]
    public void Decide_StateAndRequest_GivesTableOutcome(string state, LifecycleRequest request, string expected)
    {
        var decision = ProjectLifecycle.Decide(LifecycleStates.All[state], request, LifecycleStates.Now, LifecycleStates.Limits, extendMinutes: 30);

        Assert.Equal(expected, LifecycleStates.Describe(decision));
        Assert.True((decision.Change is null) != (decision.Refusal is null));
    }

    [Fact]
    public void Table_CoversEveryStateAndRequest()
    {
        var rows = typeof(ProjectLifecycleTests).GetMethod(nameof(Decide_StateAndRequest_GivesTableOutcome))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => a.GetData(null!).Single()).Select(d => ((string)d[0], (LifecycleRequest)d[1])).ToHashSet();

        Assert.Equal(LifecycleStates.All.Count * Enum.GetValues<LifecycleRequest>().Length, rows.Count);
    }

    [Fact]
    public void Destroy_ApplicationDeployed_DetailHasNoApiSyntax()
    {
        var refusal = ProjectLifecycle.Decide(LifecycleStates.All["appDeployed"], LifecycleRequest.Destroy, LifecycleStates.Now, LifecycleStates.Limits).Refusal!;

        Assert.Equal("The application is deployed on this infrastructure. Purge it, then destroy.", refusal.Detail);
    }

    [Fact]
    public void Extend_BeyondMaximum_StopsAtMaximumFromNow()
    {
        var change = ProjectLifecycle.Decide(LifecycleStates.All["deployed"], LifecycleRequest.Extend, LifecycleStates.Now, LifecycleStates.Limits,
            extendMinutes: 240).Change!;

        Assert.Equal(LifecycleStates.Now.AddMinutes(240), change.ExpiresAt);
        Assert.Contains("the most allowed (240 minutes from now)", change.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_Redeploy_NamesNextVersion()
    {
        var state = LifecycleStates.All["appDeployed"] with { ApplicationVersion = 3 };

        var change = ProjectLifecycle.Decide(state, LifecycleRequest.Deploy, LifecycleStates.Now, LifecycleStates.Limits).Change!;

        Assert.Equal("Deploy of version 4 requested.", change.Message);
    }

    /// <summary>Provision and deploy whose provision failed: the waiting deploy has nothing to purge, so destroy drops it.</summary>
    [Fact]
    public void Destroy_DeployWaitingOnFailedProvision_AcceptedAndDropsTheDeploy()
    {
        var state = LifecycleStates.All["provisionFailed"] with { ApplicationDesired = Data.Entities.DesiredState.Present, ApplicationTargetVersion = 1 };

        var decision = ProjectLifecycle.Decide(state, LifecycleRequest.Destroy, LifecycleStates.Now, LifecycleStates.Limits);

        Assert.Equal("destroy: infra=Absent app=Absent reason=user expires=-", LifecycleStates.Describe(decision));
    }

    [Fact]
    public void Expire_Accepted_IsAWarning()
    {
        var change = ProjectLifecycle.Decide(LifecycleStates.All["expired"], LifecycleRequest.Expire, LifecycleStates.Now, LifecycleStates.Limits).Change!;

        Assert.Equal("warning", change.Level);
    }
}
