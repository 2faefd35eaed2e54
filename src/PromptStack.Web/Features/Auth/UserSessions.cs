using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Infrastructure;
using PromptStack.Web.Infrastructure.ReadCache;

namespace PromptStack.Web.Features.Auth;

/// <summary>
/// Sign-ins. Access tokens and browser cookies name their session; every authenticated request asks
/// <see cref="FindActiveAsync"/>, so ending a session (logout, a reused refresh token) or deleting the
/// user shuts every instance's door at once, and a role granted or revoked counts from the next request.
/// </summary>
public sealed class UserSessions(PromptStackDbContext db, TimeProvider clock, UserSessions.SignInCache cache)
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
    public async Task<CurrentUser?> FindActiveAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken)
    {
        // Every authenticated request asks: answered from memory until a write to sessions or users (see ChangeVersions).
        var signIn = await cache.Entries.GetAsync((userId, sessionId), (db, userId, sessionId, cancellationToken),
            static s => ActiveSession.For(s.db)(s.db, s.userId, s.sessionId, s.cancellationToken));
        return signIn is { } live && live.ExpiresAt > clock.GetUtcNow() ? live.User : null;
    }

    /// <summary>A sign-in not ended, with its user as the database said when it was read.</summary>
    public sealed record ActiveSignIn(CurrentUser User, DateTimeOffset ExpiresAt);

    /// <summary>The instance's cache of sign-ins (one per process, shared by every request).</summary>
    public sealed class SignInCache(ChangeVersions versions)
    {
        // Each entry is a few hundred bytes: 100,000 sign-ins is some tens of MB at most.
        public VersionedCache<(Guid UserId, Guid SessionId), ActiveSignIn?> Entries { get; } = new(_ => versions.SignIns, capacity: 100_000);
    }

    // Compiled once, so a call does no expression work. Expiry is checked by the caller, so a cached sign-in expires on time.
    private static readonly PerModel<Func<PromptStackDbContext, Guid, Guid, CancellationToken, Task<ActiveSignIn?>>> ActiveSession =
        new(() => EF.CompileAsyncQuery((PromptStackDbContext db, Guid userId, Guid sessionId, CancellationToken cancellationToken) =>
            db.Sessions.AsNoTracking()
                .Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null)
                .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new ActiveSignIn(new CurrentUser(u.Id, u.Email, u.IsAdmin, s.Id), s.ExpiresAt))
                .SingleOrDefault()));
}
