namespace PromptStack.Web.Infrastructure;

/// <summary>
/// The monitoring settings as read while the host was built, which chose its addresses and exporters. Kept apart from
/// <c>IOptions&lt;MonitoringOptions&gt;</c>, whose first read throws on a bad value instead of failing the start cleanly.
/// </summary>
public sealed record MonitoringPlan(MonitoringOptions Options);
