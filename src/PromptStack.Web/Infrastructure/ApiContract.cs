using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PromptStack.Web.Infrastructure;

/// <summary>
/// The OpenAPI document as a contract: the bearer scheme on every operation that needs a sign-in, and every error
/// answer documented as problem+json. Answers follow from the endpoint (sign-in needed: 401; admin: 403; an id in
/// the route: 404; a body: 400, 413, 415) plus those an endpoint declares with <see cref="Problems"/> (409, 422, 429).
/// </summary>
public static class ApiContract
{
    public const string BearerScheme = "Bearer";

    private const string ProblemJson = "application/problem+json";

    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [400] = "The request is not valid: malformed JSON or fields that fail validation (listed in `errors`).",
        [401] = "No valid access token, or the sign-in it belongs to has ended.",
        [403] = "The account may not do this (an admin role is needed).",
        [404] = "No such resource, or it belongs to someone else.",
        [409] = "The request conflicts with the current state (the problem's title says which rule).",
        [413] = "The request body is larger than 256 KiB.",
        [415] = "The body is not JSON (send Content-Type: application/json).",
        [422] = "The request is understood but refused by a limit (quota, cost cap).",
        [429] = "Too many requests of this kind; retry after the Retry-After header's seconds.",
    };

    private static readonly JsonSerializerOptions ExampleJson = new(JsonSerializerDefaults.Web);

    /// <summary>Declares the error answers an endpoint gives beyond those that follow from its route and body.</summary>
    public static TBuilder Problems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DeclaredProblems(statuses));

    /// <summary>A request and a response example shown in the document (either may be null).</summary>
    public static TBuilder Example<TBuilder>(this TBuilder builder, object? request, object? response) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiExample(request, response));

    public static IServiceCollection AddApiContract(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "PromptStack API",
                Version = "v1",
                Description = "Create small cloud applications from a prompt, provision their AWS infrastructure and deploy them. " +
                    "Sign in with POST /api/auth/login and send the access token as 'Authorization: Bearer <token>'. " +
                    "Every error is application/problem+json.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The accessToken of POST /api/auth/login, /register or /refresh (valid 60 minutes).",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var statuses = new SortedSet<int>(metadata.OfType<DeclaredProblems>().SelectMany(p => p.Statuses));
            var authorize = metadata.OfType<IAuthorizeData>().ToList();
            if (authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
            {
                statuses.Add(401);
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                if (authorize.Any(a => a.Policy is not null || a.Roles is not null))
                {
                    statuses.Add(403);
                }
            }

            // By the route, not the handler's parameters: a group filter may load the project the id names.
            if (context.Description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
            {
                statuses.Add(404);
            }

            if (operation.RequestBody is not null)
            {
                statuses.UnionWith([400, 413, 415]);
            }
            else if (context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Query"))
            {
                statuses.Add(400);
            }

            operation.Responses ??= [];
            foreach (var status in statuses)
            {
                operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ProblemResponse(status);
            }

            if (metadata.OfType<ApiExample>().LastOrDefault() is { } example)
            {
                AddExamples(operation, example);
            }

            return Task.CompletedTask;
        });
    });

    private static OpenApiResponse ProblemResponse(int status) => new()
    {
        Description = Descriptions.GetValueOrDefault(status, "An error, as problem+json."),
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemJson] = new()
            {
                Schema = ProblemSchema(),
                Example = new JsonObject
                {
                    ["type"] = $"https://httpstatuses.io/{status}",
                    ["title"] = ExampleTitle(status),
                    ["status"] = status,
                    ["detail"] = Descriptions.GetValueOrDefault(status, "An error."),
                    ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                },
            },
        },
    };

    private static string ExampleTitle(int status) => status switch
    {
        400 => "The request is not valid",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Project not found",
        409 => "Purge application first",
        413 => "Request body too large",
        415 => "Unsupported Media Type",
        422 => "Monthly cost limit reached",
        429 => "Too many requests",
        _ => "Error",
    };

    /// <summary>RFC 9457 problem details with the platform's trace id and, for validation, the field errors.</summary>
    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, in a few words; stable for a given rule." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What to do about it." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Validation answers only: messages by field.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };

    private static void AddExamples(OpenApiOperation operation, ApiExample example)
    {
        if (example.Request is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true && body is OpenApiMediaType requestMedia)
        {
            requestMedia.Example = JsonSerializer.SerializeToNode(example.Request, ExampleJson);
        }

        var success = operation.Responses?.FirstOrDefault(r => r.Key.StartsWith('2')).Value;
        if (example.Response is not null && success?.Content?.TryGetValue("application/json", out var answer) == true && answer is OpenApiMediaType responseMedia)
        {
            responseMedia.Example = JsonSerializer.SerializeToNode(example.Response, ExampleJson);
        }
    }

    private sealed record DeclaredProblems(int[] Statuses);

    private sealed record ApiExample(object? Request, object? Response);
}
