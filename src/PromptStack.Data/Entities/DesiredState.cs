namespace PromptStack.Data.Entities;

/// <summary>What the user asked for; the reconciler moves the observed status toward it.</summary>
public enum DesiredState
{
    Absent,
    Present,
}
