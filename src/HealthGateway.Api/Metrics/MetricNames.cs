namespace HealthGateway.Api.Metrics;

/// <summary>The names of the gateway's own metrics; the README ("Metrics") describes each.</summary>
public static class MetricNames
{
    /// <summary>Gauge per service: 1 Healthy, 0.5 Degraded, 0 Unhealthy; absent until the first check.</summary>
    public const string ServiceStatus = "healthgateway_service_status";

    /// <summary>Histogram per service of how long each check took, retries included.</summary>
    public const string CheckDuration = "healthgateway_check_duration_seconds";

    /// <summary>Counter per service and raw status of completed checks.</summary>
    public const string Checks = "healthgateway_checks_total";

    /// <summary>Gauge per service speaking TLS: seconds until its server certificate expires (negative once expired).</summary>
    public const string CertificateExpiry = "healthgateway_certificate_expiry_seconds";

    /// <summary>Gauge: 1 when <c>/health/ready</c> answers 200, 0 when it answers 503.</summary>
    public const string Ready = "healthgateway_ready";

    /// <summary>Gauge of the overall status: 1 Healthy, 0.5 Degraded, 0 Unhealthy.</summary>
    public const string Status = "healthgateway_status";

    /// <summary>Counter of notifier diagnostics runs by trigger and result.</summary>
    public const string NotifierRuns = "healthgateway_notifier_runs_total";

    /// <summary>Histogram of notifier diagnostics run durations by trigger.</summary>
    public const string NotifierRunDuration = "healthgateway_notifier_run_duration_seconds";

    /// <summary>Gauge of the bytes of events queued for WebSocket clients, all connections together.</summary>
    public const string WebSocketQueuedBytes = "healthgateway_websocket_queued_bytes";

    /// <summary>Gauge of the configured bound of <see cref="WebSocketQueuedBytes"/> (MaxQueuedBytesTotal).</summary>
    public const string WebSocketQueuedBytesLimit = "healthgateway_websocket_queued_bytes_limit";

    /// <summary>Counter of WebSocket connections closed with 1008 because the client did not read.</summary>
    public const string WebSocketSlowClientDrops = "healthgateway_websocket_slow_client_drops_total";
}
