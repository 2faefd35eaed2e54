namespace PromptStack.Web.Features.Preview;

/// <summary>What one sandboxed process left behind: how it ended, its stdout (capped) and its stderr (capped) as text.</summary>
public sealed record SandboxRun(SandboxExit Exit, int ExitCode, byte[] Output, string Errors);
