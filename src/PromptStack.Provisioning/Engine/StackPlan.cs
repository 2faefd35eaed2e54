using PromptStack.Blueprints;

namespace PromptStack.Provisioning.Engine;

/// <summary>
/// The dependency graph of a blueprint's resources: the role needs the table (its policy names the
/// table), the function needs the role and the table, the HTTP API needs the function. Bucket and
/// table are independent and are created in parallel.
/// </summary>
public sealed class StackPlan
{
    private static readonly Dictionary<string, string[]> KindDependsOn = new()
    {
        [ResourceKinds.DynamoDbTable] = [],
        [ResourceKinds.S3Bucket] = [],
        [ResourceKinds.IamRole] = [ResourceKinds.DynamoDbTable],
        [ResourceKinds.LambdaFunction] = [ResourceKinds.IamRole, ResourceKinds.DynamoDbTable],
        [ResourceKinds.HttpApi] = [ResourceKinds.LambdaFunction],
    };

    private StackPlan(IReadOnlyList<StackNode> nodes) => Nodes = nodes;

    public IReadOnlyList<StackNode> Nodes { get; }

    public static StackPlan From(IEnumerable<BlueprintResource> resources)
    {
        var list = resources.ToList();
        var unknown = list.FirstOrDefault(r => !KindDependsOn.ContainsKey(r.Kind));
        if (unknown is not null)
        {
            throw new InvalidOperationException($"Resource kind '{unknown.Kind}' is not supported.");
        }

        var duplicate = list.GroupBy(r => r.Kind).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"A stack has at most one {duplicate.Key}.");
        }

        var byKind = list.ToDictionary(r => r.Kind, r => r.Name);
        var nodes = list.Select(r => new StackNode(r.Kind, r.Name,
            KindDependsOn[r.Kind].Where(byKind.ContainsKey).Select(k => byKind[k]).ToList())).ToList();
        if (nodes.Any(n => n.Kind == ResourceKinds.LambdaFunction) && !byKind.ContainsKey(ResourceKinds.IamRole))
        {
            throw new InvalidOperationException("A Lambda function needs an IAM role in the same stack.");
        }

        if (nodes.Any(n => n.Kind == ResourceKinds.HttpApi) && !byKind.ContainsKey(ResourceKinds.LambdaFunction))
        {
            throw new InvalidOperationException("An HTTP API needs a Lambda function in the same stack.");
        }

        return new StackPlan(nodes);
    }

    /// <summary>Logical names of the nodes that depend on <paramref name="name"/>.</summary>
    public IEnumerable<string> DependentsOf(string name) => Nodes.Where(n => n.DependsOn.Contains(name)).Select(n => n.Name);
}
