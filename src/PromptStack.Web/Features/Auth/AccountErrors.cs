using PromptStack.Web.Components.Services;

namespace PromptStack.Web.Features.Auth;

/// <summary>The sign-in and sign-up pages' error codes and their words (the API's own titles).</summary>
public static class AccountErrors
{
    public const string Credentials = "credentials";
    public const string Taken = "taken";
    public const string TooMany = "too-many";

    /// <summary>The problem for a comma-separated list of codes; unknown codes are ignored.</summary>
    public static ApiProblem? Describe(string? codes)
    {
        var known = (codes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (known.Contains(Credentials))
        {
            return new ApiProblem(401, "Invalid e-mail or password", "The e-mail and password do not match an account.");
        }

        if (known.Contains(Taken))
        {
            return new ApiProblem(409, "E-mail already registered", "An account with this e-mail exists. Sign in instead.");
        }

        if (known.Contains(TooMany))
        {
            return new ApiProblem(429, "Too many requests", "Slow down: wait a minute, then try again.");
        }

        var errors = new Dictionary<string, string[]>();
        if (known.Contains("email"))
        {
            errors["email"] = ["Enter a valid e-mail address."];
        }

        if (known.Contains("password"))
        {
            errors["password"] = [$"Use at least {Register.MinPasswordLength} characters."];
        }

        return errors.Count == 0 ? null : new ApiProblem(400, "Cannot register with these details", null, errors);
    }
}
