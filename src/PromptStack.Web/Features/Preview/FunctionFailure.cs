namespace PromptStack.Web.Features.Preview;

/// <summary>How an invocation went wrong; each maps to one HTTP answer of the preview.</summary>
public enum FunctionFailure
{
    None,
    TimedOut,
    OutOfMemory,
    Crashed,
    NoResponse,
    InvalidResponse,
    ResponseTooLarge,
    Throttled,
}
