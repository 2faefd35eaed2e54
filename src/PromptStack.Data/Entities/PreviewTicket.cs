namespace PromptStack.Data.Entities;

/// <summary>
/// A one-time ticket that lets a browser open a project's preview on its own origin: stored hashed,
/// bound to the user, their sign-in and the project, valid for a minute and used at most once.
/// </summary>
public sealed class PreviewTicket
{
    public Guid Id { get; set; }
    public string TokenHash { get; set; } = "";
    public Guid UserId { get; set; }
    public Guid SessionId { get; set; }
    public Guid ProjectId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
