using PromptStack.Blueprints;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Engine;

namespace PromptStack.UnitTests.Drift;

/// <summary>The pure comparisons behind "up to date", and the words a repair is reported in.</summary>
public sealed class UpToDateTests
{
    private static readonly IReadOnlyDictionary<string, string> Desired =
        ResourceTags.For(Guid.NewGuid(), Guid.NewGuid(), "promptstack", "local", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Tags_SameWithExtraTagsOfSomeoneElse_UpToDate()
    {
        var actual = new Dictionary<string, string>(Desired) { ["Team"] = "blue" };

        Assert.Empty(ResourceTags.Differing(Desired, actual));
        Assert.Null(ResourceTags.Describe(Desired, actual));
    }

    [Fact]
    public void Tags_MissingAndChanged_NamedInDesiredOrder()
    {
        var actual = new Dictionary<string, string>(Desired) { [ResourceTags.CreatedAt] = "2000-01-01T00:00:00Z" };
        actual.Remove(ResourceTags.UserId);

        Assert.Equal([ResourceTags.UserId, ResourceTags.CreatedAt], ResourceTags.Differing(Desired, actual));
        Assert.Equal("tags UserId, CreatedAt", ResourceTags.Describe(Desired, actual));
    }

    [Fact]
    public void Tags_ValueComparedExactly_CaseMatters()
    {
        var actual = new Dictionary<string, string>(Desired) { [ResourceTags.ManagedBy] = "PromptStack" };

        Assert.Equal([ResourceTags.ManagedBy], ResourceTags.Differing(Desired, actual));
    }

    [Fact]
    public void FunctionSettings_AsCreated_NoDifference()
    {
        Assert.Empty(LambdaFunctionDriver.ConfigurationDifferences(Function(), "arn:role", "table-1"));
    }

    [Fact]
    public void FunctionSettings_OtherVariablesOfTheApp_NoDifference()
    {
        var function = Function() with { Environment = new Dictionary<string, string> { ["TABLE_NAME"] = "table-1", ["APP_MODE"] = "x" } };

        Assert.Empty(LambdaFunctionDriver.ConfigurationDifferences(function, "arn:role", "table-1"));
    }

    [Fact]
    public void FunctionSettings_EveryManagedSettingChanged_EachNamed()
    {
        var function = Function() with
        {
            Role = "arn:other", Runtime = "python3.12", Handler = "main.handler", MemorySize = 1024, Timeout = 60,
            Environment = new Dictionary<string, string> { ["TABLE_NAME"] = "elsewhere" },
        };

        Assert.Equal(
            ["execution role", "TABLE_NAME", "runtime", "handler", "memory size", "timeout"],
            LambdaFunctionDriver.ConfigurationDifferences(function, "arn:role", "table-1"));
    }

    [Fact]
    public void Finding_UpToDate_None()
    {
        Assert.Null(DriftFinding.Of(ResourceKinds.S3Bucket, "ps-site", new ResourceState("ps-site", null, new Dictionary<string, string>())));
    }

    [Fact]
    public void Finding_MissingTable_SaysDataLost()
    {
        var finding = DriftFinding.Of(ResourceKinds.DynamoDbTable, "ps-data", null)!;

        Assert.True(finding.Missing);
        Assert.StartsWith("Drift repaired: dynamodb-table ps-data was missing and has been recreated.", finding.RepairedMessage, StringComparison.Ordinal);
        Assert.Contains("data was lost", finding.RepairedMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Finding_MissingFunction_NoDataLoss()
    {
        var finding = DriftFinding.Of(ResourceKinds.LambdaFunction, "ps-api", null)!;

        Assert.Equal("Drift repaired: lambda-function ps-api was missing and has been recreated.", finding.RepairedMessage);
    }

    [Fact]
    public void Finding_Changed_NamesTheDifferences()
    {
        var observed = new ResourceState("ps-role", "arn:role", new Dictionary<string, string>()) { Differences = ["tags UserId", "inline policy"] };

        var finding = DriftFinding.Of(ResourceKinds.IamRole, "ps-role", observed)!;

        Assert.False(finding.Missing);
        Assert.Equal("Drift repaired: iam-role ps-role had changed (tags UserId; inline policy) and has been put back.", finding.RepairedMessage);
    }

    private static LambdaFunctionInfo Function() => new()
    {
        FunctionName = "ps-api",
        FunctionArn = "arn:function",
        Role = "arn:role",
        Runtime = LambdaFunctionDriver.RuntimeName,
        Handler = LambdaFunctionDriver.HandlerName,
        MemorySize = LambdaFunctionDriver.MemorySizeMb,
        Timeout = LambdaFunctionDriver.TimeoutSeconds,
        Environment = new Dictionary<string, string> { [LambdaFunctionDriver.TableNameVariable] = "table-1" },
    };
}
