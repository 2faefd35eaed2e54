namespace PromptStack.Provisioning.Lifecycle;

/// <summary>Why a request is refused, as the problem the API answers with.</summary>
public sealed record Refusal(int Status, string Title, string Detail);

/// <summary>Exactly one of <see cref="Change"/> and <see cref="Refusal"/> is set.</summary>
public sealed record LifecycleDecision(DesiredChange? Change, Refusal? Refusal)
{
    public static LifecycleDecision Accept(DesiredChange change) => new(change, null);

    public static LifecycleDecision Refuse(string title, string detail, int status = 409) => new(null, new Refusal(status, title, detail));
}
