namespace PromptStack.Web.Components.Pages;

public static class AuthPages
{
    /// <summary>Where to go after signing in: a local path only (never another site), else the projects.</summary>
    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] is not ('/' or '\\') && !url.StartsWith("/signin", StringComparison.Ordinal) &&
        !url.StartsWith("/signup", StringComparison.Ordinal)
            ? url
            : "/projects";

    /// <summary><paramref name="page"/> with the return address kept, when there is one.</summary>
    public static string WithReturn(string page, string? returnUrl) =>
        returnUrl is null ? page : page + "?returnUrl=" + Uri.EscapeDataString(SafeReturn(returnUrl));
}
