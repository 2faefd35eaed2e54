using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace PromptStack.Web.Infrastructure;

public static class ProblemSetup
{
    /// <summary>Every error, from any layer, leaves as problem+json with a trace id and never a stack trace.</summary>
    public static IServiceCollection AddProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var problem = ctx.ProblemDetails;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? ctx.HttpContext.TraceIdentifier;
            problem.Type ??= $"https://httpstatuses.io/{problem.Status}";
            problem.Detail ??= problem.Status switch
            {
                401 => "Sign in and send 'Authorization: Bearer <accessToken>'.",
                403 => "Your account may not do this.",
                404 => "No such resource.",
                405 => "This route does not accept that method.",
                413 => "The request body is too large.",
                415 => "Send JSON with 'Content-Type: application/json'.",
                500 => "Something went wrong on our side. Quote the trace id when you report it.",
                _ => problem.Title,
            };
            var exception = ctx.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (exception is BadHttpRequestException bad)
            {
                problem.Status = bad.StatusCode;
                ctx.HttpContext.Response.StatusCode = bad.StatusCode;
                problem.Title = bad.StatusCode == 413 ? "Request body too large" : "Malformed request";
                problem.Detail = bad.StatusCode == 413 ? "The request body is too large." : "The request body could not be read as the expected JSON.";
            }
        });
        return services;
    }
}
