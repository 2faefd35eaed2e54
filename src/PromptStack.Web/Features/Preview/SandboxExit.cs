namespace PromptStack.Web.Features.Preview;

/// <summary>Why a sandboxed process ended: on its own, or killed by one of its limits.</summary>
public enum SandboxExit
{
    Exited,
    TimedOut,
    OutOfMemory,
    OutputTooLarge,
    Canceled,
}
