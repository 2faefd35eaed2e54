using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Auth;

/// <summary>
/// Sign-ins. Access tokens and browser cookies name their session; every authenticated request asks
/// <see cref="FindActiveAsync"/>, so ending a session (logout, a reused refresh token) or deleting the
/// user shuts every instance's door at once, and a role granted or revoked counts from the next request.
/// </summary>
public sealed class UserSessions(PromptStackDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>Adds a new session for <paramref name="userId"/> to the context; the caller saves it.</summary>
    public UserSession Start(Guid userId)
    {
        var now = clock.GetUtcNow();
        var session = new UserSession { Id = Guid.NewGuid(), UserId = userId, CreatedAt = now, ExpiresAt = now + Lifetime };
        db.Sessions.Add(session);
        return session;
    }

    /// <summary>Ends the session and revokes its refresh tokens. Ending an ended or unknown session does nothing.</summary>
    public async Task EndAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Sessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
        await db.RefreshTokens.Where(t => t.FamilyId == sessionId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    /// <summary>The user as the database says now, if the session is theirs, live and not ended; otherwise null.</summary>
    public Task<CurrentUser?> FindActiveAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken) =>
        ActiveSession.For(db)(db, userId, sessionId, clock.GetUtcNow(), cancellationToken);

    // Every authenticated request runs it: compiled once, so a call does no expression work.
    private static readonly PerModel<Func<PromptStackDbContext, Guid, Guid, DateTimeOffset, CancellationToken, Task<CurrentUser?>>> ActiveSession =
        new(() => EF.CompileAsyncQuery((PromptStackDbContext db, Guid userId, Guid sessionId, DateTimeOffset now, CancellationToken cancellationToken) =>
            db.Sessions.AsNoTracking()
                .Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now)
                .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new CurrentUser(u.Id, u.Email, u.IsAdmin, s.Id))
                .SingleOrDefault()));
}
