using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Engine;
using PromptStack.Web.Features.Auth;
using PromptStack.Web.Features.Projects;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Preview;

public sealed record PreviewTicketDto(string Url);

/// <summary>
/// "Open the running app" without a token in any address: the platform hands out a one-time ticket
/// (single use, 60 seconds, bound to the user, their sign-in and the project) that only the project's
/// preview origin accepts, trading it for a cookie of its own.
/// </summary>
public static class PreviewTickets
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public static IEndpointRouteBuilder MapPreviewTickets(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{id:guid}/preview-ticket", IssueAsync).WithTags("Application").WithName("CreatePreviewTicket").WithSummary("A one-time address that opens the deployed app on its own origin").Problems(409).RequireAuthorization();
        return app;
    }

    public static async Task<Results<Ok<PreviewTicketDto>, ProblemHttpResult>> IssueAsync(
        Guid id, ClaimsPrincipal principal, PromptStackDbContext db, EngineOptions engine, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == id && p.OwnerId == user.Id)
            .Select(p => new { p.ApplicationStatus }).SingleOrDefaultAsync(cancellationToken);
        if (project is null)
        {
            return GetProject.NotFound();
        }

        if (engine.PreviewBaseUrl is not { } baseUrl)
        {
            return TypedResults.Problem(title: "No preview", statusCode: StatusCodes.Status409Conflict,
                detail: "Previews exist only in local mode; open the app at its S3 website and API URLs.");
        }

        if (project.ApplicationStatus != ApplicationStatus.Deployed)
        {
            return TypedResults.Problem(title: "Application not deployed", statusCode: StatusCodes.Status409Conflict,
                detail: "Deploy the application, then open it.");
        }

        var now = clock.GetUtcNow();
        var ticket = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        db.PreviewTickets.Add(new PreviewTicket
        {
            Id = Guid.NewGuid(), TokenHash = TokenService.Hash(ticket), UserId = user.Id, SessionId = user.SessionId, ProjectId = id,
            ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new PreviewTicketDto(PreviewOrigin.For(baseUrl, id) + "?ticket=" + ticket));
    }

    /// <summary>Spends a ticket for <paramref name="projectId"/>: the user and sign-in it was issued to, or null when unknown, spent or expired.</summary>
    public static async Task<(Guid UserId, Guid SessionId)?> RedeemAsync(
        PromptStackDbContext db, string ticket, Guid projectId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = TokenService.Hash(ticket);
        // A conditional update decides: of two uses at once, one changes the row and the other nothing.
        var spent = await db.PreviewTickets
            .Where(t => t.TokenHash == hash && t.ProjectId == projectId && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (spent == 0)
        {
            return null;
        }

        var found = await db.PreviewTickets.AsNoTracking().Where(t => t.TokenHash == hash)
            .Select(t => new { t.UserId, t.SessionId }).SingleAsync(cancellationToken);
        return (found.UserId, found.SessionId);
    }
}
