namespace PromptStack.Data.Entities;

public enum InfrastructureStatus
{
    None,
    Provisioning,
    Deployed,
    Destroying,
    Destroyed,
    Failed,
}
