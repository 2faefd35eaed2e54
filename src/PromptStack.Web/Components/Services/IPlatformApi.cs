using PromptStack.Web.Features.Admin;
using PromptStack.Web.Features.Application;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Events;
using PromptStack.Web.Features.Notifications;
using PromptStack.Web.Features.Preview;
using PromptStack.Web.Features.Projects;

namespace PromptStack.Web.Components.Services;

/// <summary>
/// What the UI can ask of the platform: the same operations as the HTTP API, for the signed-in user
/// of this circuit, each answering a value or the problem the API would have answered.
/// </summary>
public interface IPlatformApi
{
    /// <summary>Raised when the circuit's sign-in has ended (signed out elsewhere, or the account is gone).</summary>
    event EventHandler? SignedOut;

    Task<ApiResult<MeDto>> MeAsync(CancellationToken cancellationToken = default);

    Task<ApiResult<List<ProjectDto>>> ProjectsAsync(CancellationToken cancellationToken = default);

    Task<ApiResult<ProjectDto>> ProjectAsync(Guid id, CancellationToken cancellationToken = default);

    Task<ApiResult<EstimateDto>> EstimateAsync(string prompt, CancellationToken cancellationToken = default);

    Task<ApiResult<ProjectDto>> CreateProjectAsync(string name, string prompt, CancellationToken cancellationToken = default);

    Task<ApiResult<bool>> DeleteProjectAsync(Guid id, CancellationToken cancellationToken = default);

    Task<ApiResult<ProjectDto>> ExtendAsync(Guid id, int minutes, CancellationToken cancellationToken = default);

    Task<ApiResult<OperationAccepted>> ProvisionAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Provision, then deploy once the infrastructure is up (<c>POST .../infrastructure?deploy=true</c>).</summary>
    Task<ApiResult<OperationAccepted>> ProvisionAndDeployAsync(Guid id, CancellationToken cancellationToken = default);

    Task<ApiResult<OperationAccepted>> DestroyAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Destroy, purging a deployed application first (<c>DELETE .../infrastructure?purge=true</c>).</summary>
    Task<ApiResult<OperationAccepted>> PurgeAndDestroyAsync(Guid id, CancellationToken cancellationToken = default);

    Task<ApiResult<OperationAccepted>> DeployAsync(Guid id, CancellationToken cancellationToken = default);

    Task<ApiResult<OperationAccepted>> PurgeAsync(Guid id, CancellationToken cancellationToken = default);

    Task<ApiResult<List<EventDto>>> EventsAsync(Guid id, long after, CancellationToken cancellationToken = default);

    /// <summary>Events after <paramref name="after"/> as they are written; throws when the project can no longer be read.</summary>
    IAsyncEnumerable<EventDto> StreamEventsAsync(Guid id, long after, CancellationToken cancellationToken = default);

    Task<ApiResult<List<GeneratedFileDto>>> FilesAsync(Guid id, CancellationToken cancellationToken = default);

    Task<ApiResult<string>> FileAsync(Guid id, string path, CancellationToken cancellationToken = default);

    /// <summary>A one-time address of the running app on its own origin (see <c>POST .../preview-ticket</c>).</summary>
    Task<ApiResult<PreviewTicketDto>> PreviewTicketAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The caller's newest notifications and unread count (see <c>GET /api/notifications</c>).</summary>
    Task<ApiResult<NotificationListDto>> NotificationsAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the given notifications read, or all of them when <paramref name="ids"/> is empty.</summary>
    Task<ApiResult<NotificationListDto>> MarkNotificationsReadAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default);

    Task<ApiResult<StatsDto>> StatsAsync(CancellationToken cancellationToken = default);

    /// <summary>Ends this sign-in on the server; the browser's cookie then opens nothing.</summary>
    Task SignOutAsync(CancellationToken cancellationToken = default);
}
