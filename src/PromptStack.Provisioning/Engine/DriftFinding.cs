using PromptStack.Blueprints;

namespace PromptStack.Provisioning.Engine;

/// <summary>A resource that was found missing, or existing with <see cref="Differences"/> from its desired state.</summary>
public sealed record DriftFinding(string Kind, string PhysicalId, bool Missing, IReadOnlyList<string> Differences)
{
    /// <summary>Null when the observed resource exists and is up to date.</summary>
    public static DriftFinding? Of(string kind, string physicalId, ResourceState? observed) =>
        observed is null ? new DriftFinding(kind, physicalId, true, [])
        : observed.UpToDate ? null
        : new DriftFinding(kind, physicalId, false, observed.Differences);

    /// <summary>
    /// The project event of a repair. A recreated table is the one loss a repair cannot undo: site files and
    /// code come back with the redeploy, but the app's data lived only in the table.
    /// </summary>
    public string RepairedMessage => Missing
        ? $"Drift repaired: {Kind} {PhysicalId} was missing and has been recreated."
            + (Kind == ResourceKinds.DynamoDbTable ? " Its data was lost: the new table is empty." : "")
        : $"Drift repaired: {Kind} {PhysicalId} had changed ({string.Join("; ", Differences)}) and has been put back.";
}
