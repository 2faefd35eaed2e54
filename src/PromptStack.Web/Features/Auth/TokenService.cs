using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PromptStack.Data;
using PromptStack.Data.Entities;
using PromptStack.Web.Infrastructure;

namespace PromptStack.Web.Features.Auth;

/// <summary>Issues access tokens (JWT, 60 minutes) and rotating refresh tokens (30 days, stored hashed).</summary>
public sealed class TokenService(JwtSigningKey signingKey, TimeProvider clock)
{
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(60);
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(30);

    /// <summary>Creates a session; the new refresh token is added to <paramref name="db"/> but not saved.</summary>
    public SessionDto Issue(PromptStackDbContext db, User user, Guid familyId)
    {
        var now = clock.GetUtcNow();
        var role = user.IsAdmin ? "admin" : "user";
        var expiresAt = now + AccessTokenLifetime;
        var accessToken = CreateAccessToken(signingKey.Key, user.Id, user.Email, role, now, expiresAt);

        var refreshToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .Replace('+', '-').Replace('/', '_').TrimEnd('=');
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = Hash(refreshToken),
            CreatedAt = now,
            ExpiresAt = now + RefreshTokenLifetime,
        });

        return new SessionDto(accessToken, refreshToken, expiresAt, new SessionUserDto(user.Id, user.Email, role));
    }

    public static string CreateAccessToken(SecurityKey key, Guid userId, string email, string role, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = JwtSetup.Issuer,
            Audience = JwtSetup.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("email", email), new Claim("role", role)]),
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public static string Hash(string refreshToken) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));
}
