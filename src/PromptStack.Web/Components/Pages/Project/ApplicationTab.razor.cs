using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptStack.Data.Entities;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Features.Application;

namespace PromptStack.Web.Components.Pages.Project;

public sealed partial class ApplicationTab : IDisposable
{
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    private readonly CancellationTokenSource stop = new();
    private Guid loadedId;
    private ApiProblem? filesProblem;
    private List<GeneratedFileDto> files = [];
    private string? openPath;
    private string? openContent;

    private bool CanDeploy => !Pending.Contains("deploy") && Project.Infrastructure.Status == InfrastructureStatus.Deployed &&
        Project.Application.Status is not (ApplicationStatus.Deploying or ApplicationStatus.Purging);

    private bool CanPurge => !Pending.Contains("purge") &&
        Project.Application.Status is ApplicationStatus.Deployed or ApplicationStatus.Failed or ApplicationStatus.Deploying;

    /// <summary>Lists the generated files, again when the page moves on to another project.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (loadedId == Id)
        {
            return;
        }

        loadedId = Id;
        files = [];
        filesProblem = null;
        openPath = null;
        openContent = null;
        var list = await Api.FilesAsync(loadedId, stop.Token);
        if (loadedId == Id)
        {
            files = list.Value ?? [];
            filesProblem = list.Problem;
        }
    }

    private Task DeployAsync() => RunAsync("deploy", () => Api.DeployAsync(Id));

    /// <summary>Purges once the user has read what is removed and what stays.</summary>
    private async Task PurgeAsync()
    {
        var dialog = await Dialogs.ShowAsync<PurgeApplicationDialog>("Purge application",
            new DialogParameters<PurgeApplicationDialog> { { d => d.ProjectName, Project.Name } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
        {
            await RunAsync("purge", () => Api.PurgeAsync(Id));
        }
    }

    private async Task OpenFileAsync(GeneratedFileDto file)
    {
        openPath = file.Path;
        openContent = null;
        var content = await Api.FileAsync(Id, file.Path, stop.Token);
        if (openPath == file.Path)
        {
            openContent = content.Value ?? content.Problem?.Title;
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }
}
