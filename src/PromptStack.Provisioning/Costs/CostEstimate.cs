namespace PromptStack.Provisioning.Costs;

public sealed record CostEstimate(decimal EstimatedMonthlyCost, IReadOnlyList<CostLine> Breakdown);
