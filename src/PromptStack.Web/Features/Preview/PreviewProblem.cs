using System.Net;
using PromptStack.Provisioning.Engine;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// A preview's refusal or failure. The app's API and scripts get problem+json, as every API here does; a person
/// whose browser asked for a page (an expired link, an app not deployed yet or destroyed) gets a readable page
/// with the way back to the project in PromptStack.
/// </summary>
internal sealed record PreviewProblem(int Status, string Title, string Detail) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        if (!WantsPage(http.Request))
        {
            return Results.Problem(title: Title, detail: Detail, statusCode: Status).ExecuteAsync(http);
        }

        var platform = http.RequestServices.GetRequiredService<PlatformOptions>().PublicUrl;
        var project = PreviewOrigin.ProjectOf(http.RequestServices.GetRequiredService<EngineOptions>().PreviewBaseUrl!, http.Request.Host.Host);
        var back = project is { } id ? $"{platform}/projects/{id}" : $"{platform}/projects";
        http.Response.StatusCode = Status;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(Page(Title, Detail, back), http.RequestAborted);
    }

    /// <summary>A page for a browser's navigation; the app's own calls (its API, fetches asking for JSON) get the problem.</summary>
    private static bool WantsPage(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        return !(path == "/api" || path.StartsWith("/api/", StringComparison.Ordinal))
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    private static string Page(string title, string detail, string back) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{WebUtility.HtmlEncode(title)}} · PromptStack preview</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f5f6f8; color: #1f2430; }
          main { max-width: 32rem; margin: 1.5rem; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgba(0,0,0,.08); }
          h1 { font-size: 1.4rem; margin: 0 0 .75rem; }
          p { line-height: 1.5; margin: 0 0 1.25rem; }
          a { display: inline-block; padding: .6rem 1rem; border-radius: 8px; background: #594ae2; color: #fff; text-decoration: none; }
        </style>
        </head>
        <body>
        <main>
        <h1>{{WebUtility.HtmlEncode(title)}}</h1>
        <p>{{WebUtility.HtmlEncode(detail)}}</p>
        <a href="{{WebUtility.HtmlEncode(back)}}">Back to the project in PromptStack</a>
        </main>
        </body>
        </html>
        """;
}
