using Microsoft.EntityFrameworkCore;
using PromptStack.Blueprints;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;
using PromptStack.Web.Features.Auth;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// Local mode's stand-in for S3 website hosting and API Gateway, which the emulator cannot serve.
/// Each project is served on its own origin, <c>{id}.{preview host}</c>, never on the platform's:
/// <c>/</c> serves the deployed files read from the project's bucket and <c>/api/...</c> runs the
/// deployed handler in its sandbox. Only the project's owner gets in: the platform's one-time ticket
/// (<c>?ticket=</c>) is traded for this origin's own cookie and dropped from the address.
/// </summary>
public static class PreviewEndpoints
{
    /// <summary>What a generated app may do in the browser: its own files and its own API, nothing else.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Answers every request to a preview host; the platform's own pipeline never sees them. The options are looked
    /// up per request, not while the pipeline is built: the start validates them only after that.
    /// </summary>
    public static IApplicationBuilder UsePreviewOrigins(this IApplicationBuilder app) =>
        app.Use((http, next) => http.RequestServices.GetRequiredService<EngineOptions>().PreviewBaseUrl is { } baseUrl
            && PreviewOrigin.IsPreviewHost(baseUrl, http.Request.Host.Host) ? HandleAsync(http, baseUrl) : next(http));

    private static async Task HandleAsync(HttpContext http, string baseUrl)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        var result = await AnswerAsync(http, baseUrl, http.RequestAborted);
        await result.ExecuteAsync(http);
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, string baseUrl, CancellationToken cancellationToken)
    {
        if (PreviewOrigin.ProjectOf(baseUrl, http.Request.Host.Host) is not { } id)
        {
            return Problem(404, "No such app", "This address names no project.");
        }

        var services = http.RequestServices;
        var db = services.GetRequiredService<PromptStackDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var cookie = services.GetRequiredService<PreviewCookie>();
        if (http.Request.Query["ticket"].ToString() is { Length: > 0 } ticket)
        {
            if (await PreviewTickets.RedeemAsync(db, ticket, id, clock, cancellationToken) is not { } granted)
            {
                return Problem(401, "This link has expired", "Links to a running app work once, for a minute. Open the app again from its project page.");
            }

            cookie.Append(http, granted.UserId, granted.SessionId, id);
            // Drop the ticket from the address bar and history.
            return Results.Redirect(http.Request.Path + QueryWithout(http.Request.Query, "ticket"));
        }

        var holder = cookie.Read(http, id);
        var user = holder is { } h ? await services.GetRequiredService<UserSessions>().FindActiveAsync(h.UserId, h.SessionId, cancellationToken) : null;
        var project = user is null ? null : await db.Projects.AsNoTracking().Include(p => p.Resources)
            .SingleOrDefaultAsync(p => p.Id == id && p.OwnerId == user.Id, cancellationToken);
        if (project is null)
        {
            return Problem(401, "Open this app from its project page", "Sign in to PromptStack and use \"Open the running app\" on the project's Application tab.");
        }

        var path = http.Request.Path.Value!.TrimStart('/');
        return path == "api" || path.StartsWith("api/", StringComparison.Ordinal)
            ? await PreviewApi.InvokeAsync(project, path[3..], http, services.GetRequiredService<PreviewRuntime>(), clock, cancellationToken)
            : await SiteAsync(project, path, services.GetRequiredService<AwsClientFactory>(), cancellationToken);
    }

    private static string QueryWithout(IQueryCollection query, string name)
    {
        var kept = query.Where(q => q.Key != name).SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "")));
        var text = string.Join('&', kept);
        return text.Length == 0 ? "" : "?" + text;
    }

    private static async Task<IResult> SiteAsync(Project project, string path, AwsClientFactory aws, CancellationToken cancellationToken)
    {
        var bucket = project.Resources.FirstOrDefault(r => r.Kind == ResourceKinds.S3Bucket && r.Status == ResourceStatus.Ready);
        if (bucket is null)
        {
            return Problem(404, "This app's infrastructure is not provisioned",
                "It was destroyed, cleaned up or never provisioned. Provision it and deploy the app again from the project's page.");
        }

        var key = path.Length == 0 || path.EndsWith('/') ? path + "index.html" : path;
        using var s3 = aws.CreateS3Client(project.OwnerId.ToString());
        try
        {
            using var response = await s3.GetObjectAsync(bucket.PhysicalId, key, cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return Results.Bytes(buffer.ToArray(), response.Headers.ContentType ?? "application/octet-stream");
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return project.ApplicationStatus == ApplicationStatus.Deployed
                ? Problem(404, "Page not found", $"The deployed app has no file '{key}'.")
                : Problem(404, "This app is not deployed yet", "Deploy it from the project's page, then open it again.");
        }
    }

    internal static IResult Problem(int status, string title, string detail) => new PreviewProblem(status, title, detail);
}
