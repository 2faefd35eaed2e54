namespace PromptStack.Web.Infrastructure;

/// <summary>
/// Refuses API bodies over the limit before they are read, with a problem answer. Kestrel's own
/// MaxRequestBodySize also stops chunked uploads that grow past it while being read.
/// </summary>
public static class BodySizeLimit
{
    public const long MaxApiBodyBytes = 64 * 1024;

    public static IApplicationBuilder UseApiBodySizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/api") && context.Request.ContentLength > MaxApiBodyBytes)
        {
            await TypedResults.Problem(title: "Request body too large",
                detail: $"API requests may carry at most {MaxApiBodyBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge)
                .ExecuteAsync(context);
            return;
        }

        // Bodies without a declared length (chunked) are cut off by the server at the same size.
        if (context.Request.Path.StartsWithSegments("/api") &&
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxApiBodyBytes;
        }

        await next(context);
    });
}
