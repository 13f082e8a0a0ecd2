using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Security;

/// <summary>Refuses, at start, keys without a name, secret or known scope, and token settings that could never verify a token.</summary>
internal sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
{
    /// <summary>HMAC-SHA256 keys shorter than this are refused by the token library at the first token; say so at start.</summary>
    internal const int MinHmacKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var field = $"HealthGateway:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                errors.Add($"{field}:Name: required; logs and audit lines name the key's holder by it");
            }
            else if (!names.Add(key.Name))
            {
                errors.Add($"{field}:Name: '{key.Name}' is used by another key; names must be unique");
            }

            if (string.IsNullOrEmpty(key.Key))
            {
                errors.Add($"{field}:Key: required");
            }

            // An empty entry (an unset environment variable) is no scope, not an unknown one.
            key.Scopes.RemoveAll(string.IsNullOrWhiteSpace);
            if (key.Scopes.Count == 0)
            {
                errors.Add($"{field}:Scopes: required; one or more of {string.Join(", ", AccessScopes.All)}");
            }

            foreach (var scope in key.Scopes.Where(scope => !AccessScopes.All.Contains(scope)))
            {
                errors.Add($"{field}:Scopes: unknown scope '{Shorten(scope)}'; the scopes are {string.Join(", ", AccessScopes.All)}");
            }
        }

        var jwt = options.Auth.Jwt;
        if (jwt.IsConfigured)
        {
            ValidateJwt(jwt, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateJwt(JwtOptions jwt, List<string> errors)
    {
        const string field = "HealthGateway:Auth:Jwt";
        if (!string.IsNullOrWhiteSpace(jwt.Authority) && jwt.SigningKeys.Count > 0)
        {
            errors.Add($"{field}: set Authority (keys from its discovery document) or SigningKeys, not both");
        }

        if (!string.IsNullOrWhiteSpace(jwt.Authority)
            && (!Uri.TryCreate(jwt.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("http" or "https")))
        {
            errors.Add($"{field}:Authority: '{Shorten(jwt.Authority)}' is not an http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            errors.Add($"{field}:Audience: required, so a token the issuer made for another service is not accepted here");
        }

        if (string.IsNullOrWhiteSpace(jwt.UserClaim))
        {
            errors.Add($"{field}:UserClaim: must name the claim that holds the user id (default sub)");
        }

        if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{field}:ClockSkew: must be from 00:00:00 to 00:10:00");
        }

        for (var i = 0; i < jwt.SigningKeys.Count; i++)
        {
            if (SigningKeyLoader.Describe(jwt.SigningKeys[i]) is { } problem)
            {
                errors.Add($"{field}:SigningKeys:{i}: {problem}");
            }
        }
    }

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;
}
