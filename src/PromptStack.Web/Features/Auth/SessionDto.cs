namespace PromptStack.Web.Features.Auth;

public sealed record SessionUserDto(Guid Id, string Email, string Role);

public sealed record SessionDto(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, SessionUserDto User);

public sealed record CredentialsRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);
