namespace PromptStack.Data.Entities;

/// <summary>
/// One sign-in, through the API (its refresh tokens share <see cref="Id"/> as their family) or the
/// browser (its cookie names it). Every authenticated request checks that its session has not ended,
/// so logout, refresh-token reuse and a deleted user end access at once on every instance.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}
