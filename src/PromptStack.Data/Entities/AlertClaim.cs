namespace PromptStack.Data.Entities;

/// <summary>
/// The right to send one alert (its key names the alert: user or project, kind, threshold or deadline). Inserted in the
/// same transaction as the alert's notification and deliveries; an insert that loses the race on the key does nothing,
/// so each alert is raised once however many instances look for it.
/// </summary>
public sealed class AlertClaim
{
    public string Key { get; set; } = "";
}
