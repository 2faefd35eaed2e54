using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using PromptStack.Blueprints;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// Local mode's stand-in for S3 website hosting and API Gateway, which the emulator cannot serve:
/// <c>/preview/{id}/</c> serves the deployed files read from the project's bucket, and
/// <c>/preview/{id}/api/...</c> runs the deployed handler. Only the project's owner may open it;
/// a browser passes its session once as <c>?access_token=</c> and then holds a cookie for this path.
/// </summary>
public static class PreviewEndpoints
{
    public const string CookieName = "ps_preview";

    public static IEndpointRouteBuilder MapPreview(this IEndpointRouteBuilder app)
    {
        app.Map("/preview/{id:guid}/{**path}", HandleAsync).ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> HandleAsync(
        Guid id, string? path, HttpContext http, PromptStackDbContext db, EngineOptions engine, AwsClientFactory aws,
        PreviewRuntime runtime, IOptionsMonitor<JwtBearerOptions> jwt, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (engine.PreviewBaseUrl is null)
        {
            return Problem(404, "No preview", "Previews exist only in local mode; open the app at its S3 website and API URLs.");
        }

        if (string.IsNullOrEmpty(path) && !http.Request.Path.Value!.EndsWith('/'))
        {
            // The app's relative links (styles.css, api/...) need the folder form of the address.
            return Results.Redirect($"/preview/{id}/{http.Request.QueryString}");
        }

        var fromQuery = http.Request.Query["access_token"].ToString();
        var token = fromQuery.Length > 0 ? fromQuery
            : http.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..]
            : http.Request.Cookies[CookieName] ?? "";
        var userId = await UserIdAsync(token, jwt.Get(JwtBearerDefaults.AuthenticationScheme));
        if (userId is null)
        {
            return Problem(401, "Sign in to open this preview", "Open the app from its project page while signed in.");
        }

        var project = await db.Projects.AsNoTracking().Include(p => p.Resources)
            .SingleOrDefaultAsync(p => p.Id == id && p.OwnerId == userId, cancellationToken);
        if (project is null)
        {
            return Problem(404, "Project not found", "No project with this id belongs to you.");
        }

        if (fromQuery.Length > 0)
        {
            // Keep the session in an HttpOnly cookie for this app only, and drop the token from the address bar.
            http.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Path = $"/preview/{id}/", Secure = http.Request.IsHttps,
                Expires = clock.GetUtcNow().AddHours(1),
            });
            return Results.Redirect($"/preview/{id}/{path}");
        }

        path ??= "";
        return path == "api" || path.StartsWith("api/", StringComparison.Ordinal)
            ? await PreviewApi.InvokeAsync(project, path[3..], http, runtime, clock, cancellationToken)
            : await SiteAsync(project, path, aws, cancellationToken);
    }

    private static async Task<IResult> SiteAsync(Project project, string path, AwsClientFactory aws, CancellationToken cancellationToken)
    {
        var bucket = project.Resources.FirstOrDefault(r => r.Kind == ResourceKinds.S3Bucket && r.Status == "ready");
        if (bucket is null)
        {
            return Problem(404, "No site", "This project has no website bucket; provision its infrastructure first.");
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
            return Problem(404, "Not found", project.ApplicationStatus == ApplicationStatus.Deployed
                ? $"The deployed app has no file '{key}'."
                : "No application is deployed yet. Deploy it from the Application tab.");
        }
    }

    private static async Task<Guid?> UserIdAsync(string token, JwtBearerOptions options)
    {
        if (token.Length == 0)
        {
            return null;
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, options.TokenValidationParameters);
        return result.IsValid && Guid.TryParse(result.ClaimsIdentity.FindFirst("sub")?.Value, out var id) ? id : null;
    }

    internal static IResult Problem(int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status);
}
