namespace PromptStack.Provisioning.Engine;

/// <summary>
/// Thrown by a fault hook to make the reconciler behave as if the process died at that step:
/// it stops at once and writes nothing more, leaving its lease to expire.
/// </summary>
public sealed class SimulatedCrashException(string step) : Exception($"Simulated crash after {step}");
