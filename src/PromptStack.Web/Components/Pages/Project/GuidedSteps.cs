using PromptStack.Data.Entities;
using PromptStack.Web.Features.Projects;

namespace PromptStack.Web.Components.Pages.Project;

/// <summary>One step of the path from prompt to running app; <see cref="State"/> is done, current, running, failed or todo.</summary>
public sealed record GuidedStep(string Key, string Label, string State);

/// <summary>Where a project stands on the path Estimate, Create, Provision, Deploy, Open, read from its statuses alone.</summary>
public static class GuidedSteps
{
    public static IReadOnlyList<GuidedStep> Of(ProjectDto project)
    {
        var infra = project.Infrastructure.Status;
        var app = project.Application.Status;
        var provision = infra switch
        {
            InfrastructureStatus.Deployed => new GuidedStep("provision", "Provision", "done"),
            InfrastructureStatus.Provisioning => new GuidedStep("provision", "Provisioning…", "running"),
            InfrastructureStatus.Destroying => new GuidedStep("provision", "Destroying…", "running"),
            InfrastructureStatus.Failed => new GuidedStep("provision", "Provision failed", "failed"),
            _ => new GuidedStep("provision", "Provision", "todo"),
        };
        var deploy = app switch
        {
            ApplicationStatus.Deployed => new GuidedStep("deploy", "Deploy", "done"),
            ApplicationStatus.Deploying => new GuidedStep("deploy", "Deploying…", "running"),
            ApplicationStatus.Purging => new GuidedStep("deploy", "Purging…", "running"),
            ApplicationStatus.Failed => new GuidedStep("deploy", "Deploy failed", "failed"),
            _ => new GuidedStep("deploy", "Deploy", "todo"),
        };

        // The project exists, so its estimate and creation are behind it; the first step still to do is the current one.
        GuidedStep[] steps =
        [
            new("estimate", "Estimate", "done"),
            new("create", "Create", "done"),
            provision,
            deploy,
            new("open", "Open", IsOpenable(project) ? "current" : "todo"),
        ];
        var next = Array.FindIndex(steps, s => s.State != "done");
        if (next >= 0 && steps[next].State == "todo")
        {
            steps[next] = steps[next] with { State = "current" };
        }

        return steps;
    }

    /// <summary>The app is deployed and has an address to open.</summary>
    public static bool IsOpenable(ProjectDto project) =>
        project.Application.Status == ApplicationStatus.Deployed && project.Infrastructure.Status == InfrastructureStatus.Deployed &&
        project.Infrastructure.Outputs.ContainsKey("siteUrl");

    /// <summary>Nothing is provisioned (or the last try failed) and no app runs: one action provisions and deploys.</summary>
    public static bool CanProvisionAndDeploy(ProjectDto project) =>
        project.Infrastructure.Status is InfrastructureStatus.None or InfrastructureStatus.Destroyed or InfrastructureStatus.Failed &&
        project.Application.Status is not (ApplicationStatus.Deployed or ApplicationStatus.Deploying or ApplicationStatus.Purging);

    /// <summary>The infrastructure is up and waits for its application.</summary>
    public static bool NeedsDeploy(ProjectDto project) =>
        project.Infrastructure.Status == InfrastructureStatus.Deployed && project.Application.Status is ApplicationStatus.None or ApplicationStatus.Failed;
}
