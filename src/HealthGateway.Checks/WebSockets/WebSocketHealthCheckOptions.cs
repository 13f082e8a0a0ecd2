using HealthGateway.Checks.Targets;

namespace HealthGateway.Checks.WebSockets;

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

    /// <summary>The URL as it may be shown: no credentials, no query.</summary>
    public string Target => UrlTarget.Safe(Url);
}
