using PromptStack.Provisioning.Aws.Bootstrap;

namespace PromptStack.Web.Infrastructure;

/// <summary>
/// <c>PromptStack.Web bootstrap --principal ARN --external-id ID [--role-arn ARN] [--boundary-arn ARN] [--prefix ps] [--managed-by promptstack]</c>
/// prints the IAM documents an operator creates before using a real AWS account (see the README).
/// </summary>
public static class BootstrapCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        string? Option(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var principal = Option("--principal");
        var externalId = Option("--external-id");
        if (principal is null || externalId is null)
        {
            output.WriteLine("usage: PromptStack.Web bootstrap --principal <ARN PromptStack runs as> --external-id <secret> [--role-arn <ARN>] [--boundary-arn <ARN>] [--prefix ps] [--managed-by promptstack]");
            return 2;
        }

        var prefix = Option("--prefix") ?? "ps";
        var managedBy = Option("--managed-by") ?? "promptstack";
        var boundary = Option("--boundary-arn") ?? "arn:aws:iam::<ACCOUNT_ID>:policy/promptstack-project-boundary";
        var role = Option("--role-arn") ?? "arn:aws:iam::<ACCOUNT_ID>:role/promptstack-platform";

        output.WriteLine("# 1. Permissions boundary for project roles: create a managed policy named promptstack-project-boundary");
        output.WriteLine(IamDocuments.ProjectRoleBoundary(prefix));
        output.WriteLine();
        output.WriteLine("# 2. Platform role trust policy (set AWS_ROLE_ARN to this role and AWS_EXTERNAL_ID to the external id)");
        output.WriteLine(IamDocuments.TrustPolicy(principal, externalId));
        output.WriteLine();
        output.WriteLine($"# 3. Platform role permissions policy (set AWS_PERMISSIONS_BOUNDARY_ARN={boundary})");
        output.WriteLine(IamDocuments.PermissionsPolicy(managedBy, prefix, boundary));
        output.WriteLine();
        output.WriteLine($"# 4. Policy of the identity PromptStack runs as ({principal}): nothing but assuming {role}");
        output.WriteLine(IamDocuments.ServerIdentityPolicy(role));
        return 0;
    }
}
