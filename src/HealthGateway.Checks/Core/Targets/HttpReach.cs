using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Core.Proxies;

namespace HealthGateway.Checks.Core.Targets;

/// <summary>
/// How the kinds that speak HTTP (http, websocket, grpc) reach their target besides the URL: through a
/// <c>Proxy</c>, with <c>OAuth2</c> client credentials. One place to validate both and to name their secrets, so the
/// three kinds cannot drift apart.
/// </summary>
public static class HttpReach
{
    /// <summary>Checks <paramref name="proxy"/> and <paramref name="oauth2"/> (the latter against an <c>Authorization</c> in <paramref name="headers"/>).</summary>
    public static void Check(string? proxy, OAuth2Settings? oauth2, Action<string, string> problem, IReadOnlyDictionary<string, string>? headers = null)
    {
        ProxySetting.Check(proxy, problem);
        OAuth2Settings.Check(oauth2, problem, headers);
    }

    /// <summary>The secrets of the URL's user info, the headers' values, the proxy's credentials and the OAuth2 client.</summary>
    public static IEnumerable<string> Secrets(string? url, string? proxy, OAuth2Settings? oauth2, IReadOnlyDictionary<string, string>? headers = null) =>
        UrlTarget.Secrets(url).Concat(headers is null ? [] : HeaderSecrets.Of(headers)).Concat(ProxySetting.Secrets(proxy)).Concat(OAuth2Settings.Secrets(oauth2));
}
