namespace PromptStack.Provisioning.Costs;

/// <summary>The monthly cost of one resource and how it was computed.</summary>
public sealed record CostLine(string Resource, decimal MonthlyCost, string Basis);
