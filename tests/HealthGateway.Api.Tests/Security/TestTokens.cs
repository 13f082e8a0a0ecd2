using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HealthGateway.Api.Tests.Security;

/// <summary>Signs JWTs the way an issuer would: with an HMAC test key or an RSA key whose public half the gateway is given.</summary>
public sealed class TestTokens : IDisposable
{
    public const string Audience = "healthgateway";
    public const string Issuer = "https://issuer.test";

    private readonly SecurityKey _key;
    private readonly string _algorithm;
    private readonly RSA? _rsa;

    private TestTokens(SecurityKey key, string algorithm, RSA? rsa)
    {
        _key = key;
        _algorithm = algorithm;
        _rsa = rsa;
    }

    /// <summary>The <c>base64:…</c> entry of SigningKeys for an HMAC issuer, or null for an RSA one.</summary>
    public string? SigningKeyEntry { get; private init; }

    /// <summary>The RSA key (RSA issuers only).</summary>
    public RSA Rsa => _rsa ?? throw new InvalidOperationException("an HMAC issuer has no RSA key");

    public string KeyId => _key.KeyId;

    public static TestTokens Hmac()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        return new TestTokens(new SymmetricSecurityKey(bytes), SecurityAlgorithms.HmacSha256, null) { SigningKeyEntry = "base64:" + Convert.ToBase64String(bytes) };
    }

    public static TestTokens Rs256()
    {
        var rsa = RSA.Create(2048);
        return new TestTokens(new RsaSecurityKey(rsa) { KeyId = "test-" + Guid.NewGuid().ToString("N")[..8] }, SecurityAlgorithms.RsaSha256, rsa);
    }

    /// <summary>A token for <paramref name="user"/> (in <c>sub</c>) that expires at <paramref name="expires"/>.</summary>
    public string Issue(string user, DateTimeOffset expires, string issuer = Issuer, string audience = Audience, IDictionary<string, object>? claims = null)
    {
        var all = new Dictionary<string, object>(claims ?? new Dictionary<string, object>()) { ["sub"] = user };
        var notBefore = expires.UtcDateTime < DateTime.UtcNow ? expires.UtcDateTime.AddMinutes(-10) : DateTime.UtcNow.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = all,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, _algorithm),
        });
    }

    public void Dispose() => _rsa?.Dispose();
}
