using HealthGateway.Checks.Core.OAuth2;

namespace HealthGateway.Checks.Kinds.WebSockets;

/// <summary>The settings of a <c>websocket</c> service, besides the common ones; the certificate settings apply to wss.</summary>
public sealed class WebSocketServiceOptions : Tls.TlsSettings
{
    /// <summary>The ws or wss URL to connect to.</summary>
    public string? Url { get; set; }

    /// <summary>Headers for the upgrade request (for example Authorization). Values are secrets.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The subprotocol to request.</summary>
    public string? Subprotocol { get; set; }

    /// <summary>A text message sent after connecting; the check then waits for a reply.</summary>
    public string? SendMessage { get; set; }

    /// <summary>Text the reply must contain. Without it any reply counts.</summary>
    public string? ExpectMessage { get; set; }

    /// <summary>Follow redirects (at most 5 per attempt). False by default: a redirect is reported, naming its status and Location.</summary>
    public bool FollowRedirects { get; set; }

    /// <summary>
    /// The proxy: <c>http://[user:pass@]proxy:3128</c>; absent, the environment's (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>,
    /// <c>NO_PROXY</c>), as in any .NET program; <c>""</c> for none. Its credentials are secrets.
    /// </summary>
    public string? Proxy { get; set; }

    /// <summary>OAuth2 client credentials: the check sends a token from <c>TokenUrl</c> as Bearer.</summary>
    public OAuth2Settings? OAuth2 { get; set; }
}
