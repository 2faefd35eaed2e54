using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using PromptStack.Blueprints;
using PromptStack.Data.Entities;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws.Terraform;

/// <summary>
/// Writes a project's stack as Terraform JSON (main.tf.json) for the AWS provider: the same resources, names, tags,
/// policies and wiring the drivers create, from the drivers' own constants and settings, with references between the
/// resources instead of ids.
/// </summary>
public sealed class TerraformExport(EngineOptions engine, DriverSettings settings)
{
    public JsonObject Build(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var blueprint = ApplicationPackage.Read(project.BlueprintJson);
        var resources = new JsonObject();
        // Provisioned stacks keep their physical names; others get the platform's naming rule without the random suffix.
        string Name(string logical) =>
            project.Resources.FirstOrDefault(r => r.Name == logical)?.PhysicalId
            ?? PhysicalNames.Stem(engine.NamePrefix, project.Id, logical);
        var tags = Tags(project);
        var kinds = blueprint.Resources.ToDictionary(r => r.Kind, r => r.Name);

        if (kinds.TryGetValue(ResourceKinds.DynamoDbTable, out var data))
        {
            Add(resources, "aws_dynamodb_table", data, new JsonObject
            {
                ["name"] = Name(data),
                ["billing_mode"] = BillingMode.PAY_PER_REQUEST.Value,
                ["hash_key"] = DynamoDbTableDriver.PartitionKey,
                ["range_key"] = DynamoDbTableDriver.SortKey,
                ["attribute"] = new JsonArray(Attribute(DynamoDbTableDriver.PartitionKey), Attribute(DynamoDbTableDriver.SortKey)),
                ["tags"] = tags.DeepClone(),
            });
        }

        if (kinds.TryGetValue(ResourceKinds.S3Bucket, out var site))
        {
            Add(resources, "aws_s3_bucket", site, new JsonObject { ["bucket"] = Name(site), ["tags"] = tags.DeepClone() });
            Add(resources, "aws_s3_bucket_website_configuration", site, new JsonObject
            {
                ["bucket"] = $"${{aws_s3_bucket.{site}.id}}",
                ["index_document"] = new JsonObject { ["suffix"] = SiteWebsite.IndexDocument },
                ["error_document"] = new JsonObject { ["key"] = SiteWebsite.ErrorDocument },
            });
        }

        if (kinds.TryGetValue(ResourceKinds.IamRole, out var role))
        {
            var iamRole = new JsonObject
            {
                ["name"] = Name(role),
                ["assume_role_policy"] = IamClient.LambdaAssumeRolePolicy,
                ["tags"] = tags.DeepClone(),
            };
            if (settings.PermissionsBoundaryArn is { } boundary)
            {
                iamRole["permissions_boundary"] = boundary;
            }

            Add(resources, "aws_iam_role", role, iamRole);
            if (data is not null)
            {
                // The very policy the platform puts on the role, with a reference in place of the table's ARN.
                Add(resources, "aws_iam_role_policy", role, new JsonObject
                {
                    ["name"] = RolePolicy.Name,
                    ["role"] = $"${{aws_iam_role.{role}.id}}",
                    ["policy"] = RolePolicy.Build($"${{aws_dynamodb_table.{data}.arn}}", RolePolicy.LogGroupArn(settings.Partition, settings.Region, engine.NamePrefix, project.Id)),
                });
            }
        }

        if (kinds.TryGetValue(ResourceKinds.LambdaFunction, out var api))
        {
            var function = new JsonObject
            {
                ["function_name"] = Name(api),
                ["role"] = $"${{aws_iam_role.{role}.arn}}",
                ["runtime"] = LambdaFunctionDriver.RuntimeName,
                ["handler"] = LambdaFunctionDriver.HandlerName,
                ["filename"] = "function.zip",
                ["memory_size"] = LambdaFunctionDriver.MemorySizeMb,
                ["timeout"] = LambdaFunctionDriver.TimeoutSeconds,
                ["tags"] = tags.DeepClone(),
            };
            if (data is not null)
            {
                function["environment"] = new JsonObject
                {
                    ["variables"] = new JsonObject { [LambdaFunctionDriver.TableNameVariable] = $"${{aws_dynamodb_table.{data}.name}}" },
                };
            }

            Add(resources, "aws_lambda_function", api, function);
        }

        if (kinds.TryGetValue(ResourceKinds.HttpApi, out var http) && api is not null)
        {
            HttpApi.AddTo(resources, http, api, Name(http), tags);
        }

        return new JsonObject
        {
            ["terraform"] = new JsonObject
            {
                ["required_providers"] = new JsonObject { ["aws"] = new JsonObject { ["source"] = "hashicorp/aws", ["version"] = ">= 5.0" } },
            },
            ["provider"] = new JsonObject { ["aws"] = new JsonObject { ["region"] = settings.Region } },
            ["resource"] = resources,
        };
    }

    internal static void Add(JsonObject resources, string type, string name, JsonObject body)
    {
        if (resources[type] is not JsonObject byName)
        {
            resources[type] = byName = new JsonObject();
        }

        byName[name] = body;
    }

    private JsonObject Tags(Project project)
    {
        var created = project.Resources.Count > 0 ? project.Resources.Min(r => r.CreatedAt) : project.CreatedAt;
        var tags = new JsonObject();
        foreach (var (key, value) in ResourceTags.For(project.OwnerId, project.Id, engine.ManagedBy, engine.Environment, created))
        {
            tags[key] = value;
        }

        return tags;
    }

    private static JsonObject Attribute(string name) => new() { ["name"] = name, ["type"] = "S" };
}
