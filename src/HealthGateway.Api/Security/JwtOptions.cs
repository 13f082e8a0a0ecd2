namespace HealthGateway.Api.Security;

/// <summary><c>HealthGateway:Auth:Jwt</c>: bearer tokens that say which user a <c>/ws</c> connection belongs to.</summary>
public sealed class JwtOptions
{
    /// <summary>The issuer's base URL: its signing keys (and issuer) come from OIDC discovery and its JWKS.</summary>
    public string? Authority { get; set; }

    /// <summary>Instead of an Authority: PEM public-key file paths (RSA or EC), or <c>base64:&lt;key&gt;</c> for an HMAC-SHA256 key.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>The <c>iss</c> a token must carry (with an Authority, discovery's issuer when unset).</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> a token must carry; required, so a token the issuer made for another service does not pass.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that names the user.</summary>
    public string UserClaim { get; set; } = "sub";

    /// <summary>False allows an http:// Authority (a loopback issuer in tests); keep true in production.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How far past <c>exp</c> a token still passes; zero so a connection closes when its token says.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.Zero;

    /// <summary>True when tokens are accepted at all.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) || SigningKeys.Count > 0;
}
