using System.Text.Json.Nodes;
using PromptStack.Provisioning.Aws.Drivers;

namespace PromptStack.Provisioning.Aws.Terraform;

/// <summary>The HTTP API part of the export: API, AWS_PROXY integration, $default route and stage, invoke permission.</summary>
internal static class HttpApi
{
    public static void AddTo(JsonObject resources, string http, string function, string name, JsonObject tags)
    {
        var apiId = $"${{aws_apigatewayv2_api.{http}.id}}";
        TerraformExport.Add(resources, "aws_apigatewayv2_api", http, new JsonObject
        {
            ["name"] = name,
            ["protocol_type"] = "HTTP",
            ["cors_configuration"] = new JsonObject
            {
                ["allow_origins"] = Strings(HttpApiDriver.Cors.AllowOrigins),
                ["allow_methods"] = Strings(HttpApiDriver.Cors.AllowMethods),
                ["allow_headers"] = Strings(HttpApiDriver.Cors.AllowHeaders),
            },
            ["tags"] = tags.DeepClone(),
        });
        TerraformExport.Add(resources, "aws_apigatewayv2_integration", http, new JsonObject
        {
            ["api_id"] = apiId,
            ["integration_type"] = "AWS_PROXY",
            ["integration_uri"] = $"${{aws_lambda_function.{function}.arn}}",
            ["payload_format_version"] = "2.0",
        });
        TerraformExport.Add(resources, "aws_apigatewayv2_route", http, new JsonObject
        {
            ["api_id"] = apiId,
            ["route_key"] = "$default",
            ["target"] = $"integrations/${{aws_apigatewayv2_integration.{http}.id}}",
        });
        TerraformExport.Add(resources, "aws_apigatewayv2_stage", http, new JsonObject
        {
            ["api_id"] = apiId,
            ["name"] = "$default",
            ["auto_deploy"] = true,
            ["tags"] = tags.DeepClone(),
        });
        TerraformExport.Add(resources, "aws_lambda_permission", http, new JsonObject
        {
            ["statement_id"] = HttpApiDriver.PermissionStatementId,
            ["action"] = "lambda:InvokeFunction",
            ["function_name"] = $"${{aws_lambda_function.{function}.function_name}}",
            ["principal"] = "apigateway.amazonaws.com",
            ["source_arn"] = $"${{aws_apigatewayv2_api.{http}.execution_arn}}/*/*",
        });
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
