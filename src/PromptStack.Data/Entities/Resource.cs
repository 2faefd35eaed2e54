namespace PromptStack.Data.Entities;

/// <summary>One cloud resource of a project's stack. The physical name is saved before it is created.</summary>
public sealed class Resource
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }

    /// <summary>s3-bucket, lambda-function, dynamodb-table, iam-role, http-api.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Logical name inside the stack, e.g. "site".</summary>
    public string Name { get; set; } = "";

    public string PhysicalId { get; set; } = "";
    public string? Arn { get; set; }

    public ResourceStatus Status { get; set; } = ResourceStatus.Pending;

    public string? Error { get; set; }

    /// <summary>Driver-specific facts learned after creation (ids of sub-resources, URLs) as JSON.</summary>
    public string AttributesJson { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
