using PromptStack.Provisioning.Lifecycle;

namespace PromptStack.UnitTests.Lifecycle;

/// <summary>Every named state: the steps the reconciler takes toward its desired state (all resource rows ready).</summary>
public sealed class ReconcileStepsTests
{
    [Theory]
    [InlineData("new", "-")]
    [InlineData("provisioning", "provision")]
    [InlineData("provisionFailed", "provision")]
    [InlineData("deployed", "-")]
    [InlineData("appDeploying", "deploy")]
    [InlineData("appDeployed", "-")]
    [InlineData("appFailed", "deploy")]
    [InlineData("appPurging", "purge")]
    [InlineData("expired", "-")]
    [InlineData("expiredWithApp", "-")]
    [InlineData("destroying", "destroy")]
    [InlineData("destroyFailed", "destroy")]
    [InlineData("reaping", "purge destroy")]
    [InlineData("destroyed", "-")]
    [InlineData("leftovers", "destroy")]
    public void Steps_State_AreTableSteps(string state, string expected)
    {
        Assert.Equal(expected, Steps(LifecycleStates.All[state], allResourcesReady: true));
    }

    [Fact]
    public void Steps_DeployedWithBrokenResource_Provisions()
    {
        Assert.Equal("provision", Steps(LifecycleStates.All["deployed"], allResourcesReady: false));
    }

    [Theory]
    [InlineData(1, 2, "deploy")]
    [InlineData(2, 2, "-")]
    public void Steps_DeployedApp_RedeploysOnlyBelowTheTargetVersion(int version, int target, string expected)
    {
        var state = LifecycleStates.All["appDeployed"] with { ApplicationVersion = version, ApplicationTargetVersion = target };

        Assert.Equal(expected, Steps(state, allResourcesReady: true));
    }

    [Fact]
    public void Steps_Table_CoversEveryState()
    {
        var rows = typeof(ReconcileStepsTests).GetMethod(nameof(Steps_State_AreTableSteps))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).ToHashSet();

        Assert.Equal(LifecycleStates.All.Keys.ToHashSet(), rows);
    }

    private static string Steps(LifecycleState s, bool allResourcesReady)
    {
        string?[] steps =
        [
            ReconcileSteps.NeedsPurge(s) ? "purge" : null,
            ReconcileSteps.NeedsDestroy(s, s.HasResources) ? "destroy" : null,
            ReconcileSteps.NeedsProvision(s, allResourcesReady) ? "provision" : null,
            ReconcileSteps.NeedsDeploy(s) ? "deploy" : null,
        ];
        var named = steps.OfType<string>().ToList();
        return named.Count == 0 ? "-" : string.Join(' ', named);
    }
}
