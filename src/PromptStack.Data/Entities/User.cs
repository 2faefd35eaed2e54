namespace PromptStack.Data.Entities;

public sealed class User
{
    public Guid Id { get; set; }

    /// <summary>Lower-cased e-mail; unique.</summary>
    public string Email { get; set; } = "";

    public string PasswordHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Bumped inside the project-create transaction so concurrent creates by one user serialise on this row.</summary>
    public long QuotaVersion { get; set; }

    /// <summary>Granted and revoked only by the <c>users grant-admin</c> command, never by registering an address.</summary>
    public bool IsAdmin { get; set; }
}
