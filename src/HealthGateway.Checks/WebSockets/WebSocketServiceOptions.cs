namespace HealthGateway.Checks.WebSockets;

/// <summary>The settings of a <c>websocket</c> service, besides the common ones.</summary>
public sealed class WebSocketServiceOptions
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
}
