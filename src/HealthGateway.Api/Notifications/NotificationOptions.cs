namespace HealthGateway.Api.Notifications;

/// <summary>
/// Limits and timings of the WebSocket notification manager, bound to <c>HealthGateway:Notifications</c> and
/// validated when the host starts (<see cref="NotificationOptionsValidator"/>).
/// </summary>
public sealed class NotificationOptions
{
    public const string SectionName = "HealthGateway:Notifications";

    /// <summary>
    /// Events that may wait for one connection's writer (default 256). A client whose queue is full is not
    /// reading; it is closed with 1008 instead of slowing anyone else down.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 256;

    /// <summary>
    /// Bytes of serialized events that may wait for one connection's writer (default 1 MiB, at least 128 KiB so
    /// that the largest event from <c>POST /events</c> fits). A client over it is not reading; it is closed with 1008.
    /// </summary>
    public long MaxQueuedBytesPerConnection { get; set; } = 1024 * 1024;

    /// <summary>
    /// Bytes of serialized events that may wait across all connections together (default 64 MiB). When an event
    /// would go over it, the connection with the most bytes queued is closed with 1008 to make room.
    /// </summary>
    public long MaxQueuedBytesTotal { get; set; } = 64L * 1024 * 1024;

    /// <summary>Connections one user may hold at once; the next is closed with 1008. Default 100.</summary>
    public int MaxConnectionsPerUser { get; set; } = 100;

    /// <summary>Interval of protocol pings on every connection (default 30 s).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a ping may go unanswered before the connection is dropped as dead (default 10 s).</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest inbound message a client may send, in bytes (default 4096). Clients have nothing to say beyond small
    /// text frames; a larger message is closed with 1009.
    /// </summary>
    public int MaxInboundMessageBytes { get; set; } = 4096;

    /// <summary>How long a close handshake may take before the socket is aborted (default 5 s).</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>POST /diagnostics/notifier</c> runs allowed per <see cref="DiagnosticsWindow"/> (default 10).</summary>
    public int DiagnosticsPermitLimit { get; set; } = 10;

    /// <summary>Fixed window of the diagnostics rate limit (default 1 s).</summary>
    public TimeSpan DiagnosticsWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Budget of one <c>notifier</c> health-check run; each event gets a fifth of it (default 5 s).</summary>
    public TimeSpan HealthCheckBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether the <c>notifier</c> health check is part of the readiness report (non-critical). Default true;
    /// read once at start.
    /// </summary>
    public bool HealthCheckEnabled { get; set; } = true;
}
