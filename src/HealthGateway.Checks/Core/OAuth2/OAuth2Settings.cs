namespace HealthGateway.Checks.Core.OAuth2;

/// <summary>
/// <c>OAuth2</c> under an http, websocket or grpc service: the check fetches an access token with the client
/// credentials grant and sends it as <c>Authorization: Bearer …</c>. <see cref="ClientSecret"/> and the token are
/// secrets: neither is ever shown.
/// </summary>
public sealed class OAuth2Settings
{
    /// <summary>The token endpoint, http or https (<c>https://login.example.com/oauth2/token</c>).</summary>
    public string? TokenUrl { get; set; }

    /// <summary>The client's id, sent with the secret as HTTP Basic authentication (RFC 6749, section 2.3.1).</summary>
    public string? ClientId { get; set; }

    /// <summary>The client's secret. Never shown.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scopes asked for (sent space-separated as <c>scope</c>); none by default.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>
    /// Reports what is missing or unusable as (field, message), the field prefixed with <c>OAuth2:</c>, and an
    /// Authorization header among <paramref name="headers"/>, which the token would replace.
    /// </summary>
    public static void Check(OAuth2Settings? settings, Action<string, string> problem, IReadOnlyDictionary<string, string>? headers = null)
    {
        if (settings is null)
        {
            return;
        }

        if (headers is not null && headers.Keys.Any(key => key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            problem("Headers:Authorization", "cannot be set with OAuth2, which sends its own Bearer token");
        }

        if (string.IsNullOrWhiteSpace(settings.TokenUrl))
        {
            problem("OAuth2:TokenUrl", "missing; expected the token endpoint's http or https URL");
        }
        else if (!Uri.TryCreate(settings.TokenUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.IdnHost.Length == 0
            || url.UserInfo.Length > 0)
        {
            // Never quoted: a URL may carry credentials.
            problem("OAuth2:TokenUrl", "is not an absolute http or https URL without user info");
        }

        if (string.IsNullOrWhiteSpace(settings.ClientId))
        {
            problem("OAuth2:ClientId", "missing");
        }

        if (string.IsNullOrEmpty(settings.ClientSecret))
        {
            problem("OAuth2:ClientSecret", "missing");
        }

        if (settings.Scopes.Any(scope => string.IsNullOrWhiteSpace(scope) || scope.Any(c => c <= ' ' || c == '"' || c == '\\' || c > '~')))
        {
            problem("OAuth2:Scopes", "each scope is one word of printable ASCII without spaces, quotes or backslashes (RFC 6749, section 3.3)");
        }
    }

    /// <summary>The secret, for the redactor.</summary>
    public static IEnumerable<string> Secrets(OAuth2Settings? settings) =>
        settings?.ClientSecret is { Length: > 0 } secret ? [secret] : [];
}
