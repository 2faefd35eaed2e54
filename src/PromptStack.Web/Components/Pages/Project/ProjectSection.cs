using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Components.Shared;
using PromptStack.Web.Features.Application;
using PromptStack.Web.Features.Projects;

namespace PromptStack.Web.Components.Pages.Project;

/// <summary>
/// A part of the project page that starts operations on the project (a tab, the delete card). The page
/// owns the <see cref="ProjectFeed"/> and the problem alert; a section applies accepted operations to the
/// feed and reports refusals through <see cref="OnProblem"/>.
/// </summary>
public abstract class ProjectSection : ComponentBase
{
    [Inject] protected IPlatformApi Api { get; set; } = null!;

    [Inject] protected ISnackbar Snackbar { get; set; } = null!;

    [Inject] protected IJSRuntime Js { get; set; } = null!;

    [Parameter, EditorRequired] public ProjectDto Project { get; set; } = null!;

    [Parameter, EditorRequired] public ProjectFeed Feed { get; set; } = null!;

    /// <summary>The viewer's time zone, for times in messages; UTC when not cascaded.</summary>
    [CascadingParameter] public ViewerTime? Viewer { get; set; }

    /// <summary>Shows a problem in the page's alert, or clears it with null.</summary>
    [Parameter] public EventCallback<ApiProblem?> OnProblem { get; set; }

    /// <summary>The operations requested and not yet answered; their buttons stay disabled meanwhile.</summary>
    protected HashSet<string> Pending { get; } = [];

    protected Guid Id => Project.Id;

    public static bool IsApplicationOperation(string operation) => operation is "deploy" or "purge";

    public static bool IsInfrastructureOperation(string operation) => !IsApplicationOperation(operation);

    /// <summary>Links shown to the user: only http(s) addresses are made clickable targets.</summary>
    protected static string Link(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? url : "#";

    /// <summary>
    /// Moves the automatic cleanup later and says where it moved to; when the platform's cap (<paramref name="capMinutes"/>
    /// from now) cut the extension short, says so.
    /// </summary>
    protected async Task ExtendAsync(int minutes, int? capMinutes)
    {
        Pending.Add("extend");
        await OnProblem.InvokeAsync(null);
        var before = Project.ExpiresAt;
        var result = await Api.ExtendAsync(Id, minutes);
        Pending.Remove("extend");
        if (result.Value is { } project)
        {
            await Feed.UseAsync(project);
            var (message, capped) = Extension.Outcome(before, minutes, project.ExpiresAt, capMinutes, Viewer);
            Snackbar.Add(message, capped ? Severity.Warning : Severity.Success);
            return;
        }

        await OnProblem.InvokeAsync(result.Problem);
    }

    /// <summary>
    /// Requests an operation; on 202 follows the project it answered with, otherwise shows the problem. No "started" toast:
    /// the 202 can arrive after a quick operation has already finished, and the stepper shows the running step anyway.
    /// </summary>
    protected async Task RunAsync(string operation, Func<Task<ApiResult<OperationAccepted>>> call)
    {
        Pending.Add(operation);
        await OnProblem.InvokeAsync(null);
        try
        {
            var result = await call();
            if (result.Value is { } accepted)
            {
                await Feed.UseAsync(accepted.Project);
            }
            else
            {
                await OnProblem.InvokeAsync(result.Problem);
                Feed.RequestRefresh();
            }
        }
        finally
        {
            Pending.Remove(operation);
        }
    }

    /// <summary>Opens the running app with a one-time ticket (<see cref="AppLauncher"/>); a refusal shows in the page's alert.</summary>
    protected async Task OpenAppAsync()
    {
        Pending.Add("open");
        await OnProblem.InvokeAsync(null);
        try
        {
            if (await AppLauncher.OpenAsync(Api, Js, Id) is { } problem)
            {
                await OnProblem.InvokeAsync(problem);
            }
        }
        finally
        {
            Pending.Remove("open");
        }
    }
}
