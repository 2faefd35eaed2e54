namespace PromptStack.Data.Entities;

public enum ApplicationStatus
{
    None,
    Deploying,
    Deployed,
    Purging,
    Failed,
}
