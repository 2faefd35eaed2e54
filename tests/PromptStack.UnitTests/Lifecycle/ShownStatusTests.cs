using PromptStack.Data.Entities;
using PromptStack.Provisioning.Lifecycle;
using static PromptStack.Data.Entities.DesiredState;

namespace PromptStack.UnitTests.Lifecycle;

/// <summary>What users see: the observed status, or while a request waits for the reconciler, the transition it asked for.</summary>
public sealed class ShownStatusTests
{
    [Theory]
    // Nothing pending: the observed status as it is, failures included.
    [InlineData(Present, InfrastructureStatus.Failed, false, InfrastructureStatus.Failed)]
    [InlineData(Absent, InfrastructureStatus.Deployed, false, InfrastructureStatus.Deployed)]
    // A provision (or its retry) waits.
    [InlineData(Present, InfrastructureStatus.None, true, InfrastructureStatus.Provisioning)]
    [InlineData(Present, InfrastructureStatus.Destroyed, true, InfrastructureStatus.Provisioning)]
    [InlineData(Present, InfrastructureStatus.Failed, true, InfrastructureStatus.Provisioning)]
    // Another request waits (a deploy, a purge) on deployed infrastructure.
    [InlineData(Present, InfrastructureStatus.Deployed, true, InfrastructureStatus.Deployed)]
    // A destroy waits.
    [InlineData(Absent, InfrastructureStatus.Deployed, true, InfrastructureStatus.Destroying)]
    [InlineData(Absent, InfrastructureStatus.Failed, true, InfrastructureStatus.Destroying)]
    [InlineData(Absent, InfrastructureStatus.Destroyed, true, InfrastructureStatus.Destroyed)]
    public void Infrastructure(DesiredState desired, InfrastructureStatus observed, bool pending, InfrastructureStatus shown)
    {
        var project = new Project { InfrastructureDesired = desired, InfrastructureStatus = observed, InfrastructureError = "boom" };
        Pend(project, pending);

        Assert.Equal(shown, ShownStatus.Infrastructure(project));
        Assert.Equal(shown == InfrastructureStatus.Failed ? "boom" : null, ShownStatus.InfrastructureError(project));
    }

    [Theory]
    [InlineData(Present, ApplicationStatus.Failed, 1, 2, false, ApplicationStatus.Failed)]
    [InlineData(Present, ApplicationStatus.None, 0, 1, true, ApplicationStatus.Deploying)]
    [InlineData(Present, ApplicationStatus.Failed, 1, 2, true, ApplicationStatus.Deploying)]
    // A redeploy: the old version stays deployed until the new one replaces it, but the request shows.
    [InlineData(Present, ApplicationStatus.Deployed, 1, 2, true, ApplicationStatus.Deploying)]
    // Deployed at the wanted version, something else pending (e.g. an infrastructure retry).
    [InlineData(Present, ApplicationStatus.Deployed, 2, 2, true, ApplicationStatus.Deployed)]
    [InlineData(Absent, ApplicationStatus.Deployed, 2, 2, true, ApplicationStatus.Purging)]
    [InlineData(Absent, ApplicationStatus.Failed, 1, 2, true, ApplicationStatus.Purging)]
    [InlineData(Absent, ApplicationStatus.None, 1, 1, true, ApplicationStatus.None)]
    public void Application(DesiredState desired, ApplicationStatus observed, int version, int target, bool pending, ApplicationStatus shown)
    {
        var project = new Project
        {
            ApplicationDesired = desired, ApplicationStatus = observed, ApplicationVersion = version, ApplicationTargetVersion = target,
            ApplicationError = "boom", InfrastructureDesired = Present, InfrastructureStatus = InfrastructureStatus.Deployed,
        };
        Pend(project, pending);

        Assert.Equal(shown, ShownStatus.Application(project));
        Assert.Equal(shown == ApplicationStatus.Failed ? "boom" : null, ShownStatus.ApplicationError(project));
    }

    /// <summary>Provision and deploy asked together: nothing deploys until the infrastructure is up, so none is shown, not deploying.</summary>
    [Theory]
    [InlineData(InfrastructureStatus.None, ApplicationStatus.None)]
    [InlineData(InfrastructureStatus.Provisioning, ApplicationStatus.None)]
    [InlineData(InfrastructureStatus.Deployed, ApplicationStatus.Deploying)]
    public void Application_DeployWaitingForInfrastructure_ShowsDeployingOnlyOnceItIsUp(InfrastructureStatus infrastructure, ApplicationStatus shown)
    {
        var project = new Project
        {
            InfrastructureDesired = Present, InfrastructureStatus = infrastructure,
            ApplicationDesired = Present, ApplicationStatus = ApplicationStatus.None, ApplicationVersion = 0, ApplicationTargetVersion = 1,
        };
        Pend(project, pending: true);

        Assert.Equal(shown, ShownStatus.Application(project));
    }

    private static void Pend(Project project, bool pending)
    {
        project.Generation = 3;
        project.ReconciledGeneration = pending ? 2 : 3;
    }
}
