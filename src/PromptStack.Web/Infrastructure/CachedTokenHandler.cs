using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PromptStack.Web.Infrastructure;

/// <summary>
/// Validates an access token once and remembers it: parsing the JWT and checking its signature were the largest
/// cost of an API read. What a token says and whether its signature holds never change, so only its lifetime is
/// judged again on each use (by the platform's own lifetime rule); whether its sign-in is still live is checked
/// per request after this, by <see cref="SessionCheck"/>. Only valid tokens are kept, so nobody fills the cache
/// without the signing key; bounded, it starts over when full.
/// </summary>
public sealed class CachedTokenHandler : TokenHandler
{
    private const int Capacity = 10_000;

    private readonly JsonWebTokenHandler inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, (ClaimsIdentity Identity, JsonWebToken Token)> valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (valid.TryGetValue(token, out var known))
        {
            if (!IsWithinLifetime(known.Token, validationParameters))
            {
                valid.TryRemove(token, out _);
                return await inner.ValidateTokenAsync(token, validationParameters);
            }

            // A copy, so no request can change what the next one is given.
            return new TokenValidationResult { IsValid = true, ClaimsIdentity = known.Identity.Clone(), SecurityToken = known.Token };
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            if (valid.Count >= Capacity)
            {
                valid.Clear();
            }

            valid[token] = (result.ClaimsIdentity.Clone(), jwt);
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    private static bool IsWithinLifetime(JsonWebToken token, TokenValidationParameters parameters)
    {
        DateTime? notBefore = token.ValidFrom == DateTime.MinValue ? null : token.ValidFrom;
        DateTime? expires = token.ValidTo == DateTime.MinValue ? null : token.ValidTo;
        return parameters.LifetimeValidator is { } rule
            ? rule(notBefore, expires, token, parameters)
            : expires is { } end && DateTime.UtcNow < end;
    }
}
