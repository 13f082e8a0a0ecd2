using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Checks.Core.Targets;

namespace HealthGateway.Checks.Kinds.WebSockets;

/// <summary>What a <see cref="WebSocketHealthCheck"/> connects to and exchanges.</summary>
public sealed class WebSocketHealthCheckOptions
{
    /// <summary>The ws:// or wss:// endpoint.</summary>
    public required Uri Url { get; init; }

    /// <summary>Subprotocol to request, if any.</summary>
    public string? Subprotocol { get; init; }

    /// <summary>Headers for the upgrade request (for example Authorization).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>A text message to send after connecting; the check then waits for one reply.</summary>
    public string? SendMessage { get; init; }

    /// <summary>Text the reply must contain; without it any reply counts.</summary>
    public string? ExpectMessage { get; init; }

    /// <summary>The largest reply read; a longer one fails the check rather than filling memory.</summary>
    public int MaxReplyBytes { get; init; } = 64 * 1024;

    /// <summary>How a wss server's certificate is judged (see <see cref="Tls.CertificateCheck"/>); null for ws.</summary>
    public Tls.CertificateOptions? Certificates { get; init; }

    /// <summary>The most redirects followed in one attempt when <see cref="FollowRedirects"/> is set.</summary>
    public const int MaxRedirects = 5;

    /// <summary>Follow up to <see cref="MaxRedirects"/> redirects; when false (the default) a redirect fails the check.</summary>
    public bool FollowRedirects { get; init; }

    /// <summary>How the upgrade request reaches the server: the service's proxy, none, or the environment's.</summary>
    public ProxyRoute Proxy { get; init; } = ProxyRoute.For(null);

    /// <summary>OAuth2 client credentials whose token is sent as Bearer with the upgrade; null sends none.</summary>
    public OAuth2Settings? OAuth2 { get; init; }

    /// <summary>The URL as it may be shown: no credentials, no query.</summary>
    public string Target => UrlTarget.Safe(Url);
}
