using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Features.Projects;

namespace PromptStack.Web.Components.Pages.Project;

public partial class InfrastructureTab
{
    private static readonly int[] ExtendChoices = [15, 30, 60, 120];

    private int extendMinutes = 30;

    [Inject] private IDialogService Dialogs { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    /// <summary>How far from now an extension may move the cleanup (<c>limits.maxResourceTtlMinutes</c>); null while unknown.</summary>
    [Parameter] public int? ExtendCapMinutes { get; set; }

    private bool CanProvision => !Pending.Contains("provision") &&
        Project.Infrastructure.Status is InfrastructureStatus.None or InfrastructureStatus.Destroyed or InfrastructureStatus.Failed;

    private bool CanDestroy => !Pending.Contains("destroy") &&
        Project.Infrastructure.Status is InfrastructureStatus.Deployed or InfrastructureStatus.Failed or InfrastructureStatus.Provisioning;

    /// <summary>Why the resources table is empty: never provisioned, being created, or destroyed (and its data with it).</summary>
    private string NoResourcesText => Project.Infrastructure.Status switch
    {
        InfrastructureStatus.Provisioning => "Creating the resources…",
        InfrastructureStatus.Destroyed => "No resources: the infrastructure was destroyed, and the table's data with it. " +
            "The project, its blueprint and its generated code are kept: provision again to create new, empty resources.",
        _ => "No resources yet: provision the infrastructure to create them.",
    };

    // Only local previews record the emulator's own website address beside the preview's.
    private bool IsLocalPreview => Project.Infrastructure.Outputs.ContainsKey("bucketWebsiteUrl");

    private static int OutputOrder(string key) => key switch { "siteUrl" => 0, "apiUrl" => 1, _ => 2 };

    private Task ProvisionAsync() => RunAsync("provision", () => Api.ProvisionAsync(Id));

    /// <summary>
    /// Destroys the infrastructure once the user has typed the project's name. With an application on it, that one confirmed
    /// request purges the app first (the dialog said so). The purge-first dialog remains only for an app deployed after this
    /// page last saw the project (another tab): the user was not told about it, so it is not purged unasked.
    /// </summary>
    private async Task DestroyAsync()
    {
        var purgesApp = ApplicationOnInfrastructure;
        if (!await ConfirmDestroyAsync(purgesApp))
        {
            return;
        }

        Pending.Add("destroy");
        await OnProblem.InvokeAsync(null);
        try
        {
            var result = purgesApp ? await Api.PurgeAndDestroyAsync(Id) : await Api.DestroyAsync(Id);
            if (result.Value is { } accepted)
            {
                await Feed.UseAsync(accepted.Project);
                return;
            }

            if (result.Problem is { Status: 409, Title: "Purge application first" } refusal)
            {
                await PurgeFirstAsync(refusal);
                return;
            }

            await OnProblem.InvokeAsync(result.Problem);
        }
        finally
        {
            Pending.Remove("destroy");
        }
    }

    // What the API would refuse a plain destroy for: an application deployed, on its way, or failed on the infrastructure.
    private bool ApplicationOnInfrastructure =>
        Project.Application.Status is ApplicationStatus.Deployed or ApplicationStatus.Deploying or ApplicationStatus.Failed;

    private async Task<bool> ConfirmDestroyAsync(bool purgesApp)
    {
        var parameters = new DialogParameters<DestroyInfrastructureDialog>
        {
            { d => d.ProjectName, Project.Name },
            { d => d.ApplicationDeployed, purgesApp },
        };
        var dialog = await Dialogs.ShowAsync<DestroyInfrastructureDialog>("Destroy infrastructure", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false });
        var outcome = await dialog.Result;
        return outcome is { Canceled: false };
    }

    private async Task PurgeFirstAsync(ApiProblem refusal)
    {
        var parameters = new DialogParameters<PurgeFirstDialog>
        {
            { d => d.ProjectId, Id },
            { d => d.Title, refusal.Title },
        };
        var dialog = await Dialogs.ShowAsync<PurgeFirstDialog>(refusal.Title, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false });
        var outcome = await dialog.Result;
        if (outcome is { Canceled: false, Data: OperationAccepted accepted })
        {
            await Feed.UseAsync(accepted.Project);
        }
        else
        {
            Feed.RequestRefresh();
        }
    }

    private Task ExtendAsync() => ExtendAsync(extendMinutes, ExtendCapMinutes);

    private string ExtendLabel => Extension.Label(Project.ExpiresAt, extendMinutes, ExtendCapMinutes, Clock.GetUtcNow(), "Extend");
}
