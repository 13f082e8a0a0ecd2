namespace HealthGateway.Api.Metrics;

/// <summary>
/// The names of the gateway's instruments (meter <see cref="GatewayMeter.Name"/>), in OpenTelemetry's dotted style.
/// <c>/metrics</c> shows them under the Prometheus names OpenTelemetry's own translation gives (dots to underscores,
/// the unit as a suffix, <c>_total</c> on counters), which are the names prometheus-net served before: an OTLP
/// pipeline that ends in Prometheus and a direct scrape see the same series. docs/operations.md ("Metrics") describes each.
/// </summary>
public static class MetricNames
{
    /// <summary>Gauge per service: 1 Healthy, 0.5 Degraded, 0 Unhealthy; absent until the first check (<c>healthgateway_service_status</c>).</summary>
    public const string ServiceStatus = "healthgateway.service.status";

    /// <summary>Histogram (s) per service of how long each check took, retries included (<c>healthgateway_check_duration_seconds</c>).</summary>
    public const string CheckDuration = "healthgateway.check.duration";

    /// <summary>Counter per service and raw status of completed checks (<c>healthgateway_checks_total</c>).</summary>
    public const string Checks = "healthgateway.checks";

    /// <summary>Gauge: 1 when <c>/health/ready</c> answers 200, 0 when it answers 503 (<c>healthgateway_ready</c>).</summary>
    public const string Ready = "healthgateway.ready";

    /// <summary>Gauge of the overall status: 1 Healthy, 0.5 Degraded, 0 Unhealthy (<c>healthgateway_status</c>).</summary>
    public const string Status = "healthgateway.status";

    /// <summary>Counter of notifier diagnostics runs by trigger and result (<c>healthgateway_notifier_runs_total</c>).</summary>
    public const string NotifierRuns = "healthgateway.notifier.runs";

    /// <summary>Histogram (s) of notifier diagnostics run durations by trigger (<c>healthgateway_notifier_run_duration_seconds</c>).</summary>
    public const string NotifierRunDuration = "healthgateway.notifier.run.duration";

    /// <summary>Gauge of the bytes of events queued for WebSocket clients, all connections together (<c>healthgateway_websocket_queued_bytes</c>).</summary>
    public const string WebSocketQueuedBytes = "healthgateway.websocket.queued_bytes";

    /// <summary>Gauge of the configured bound of <see cref="WebSocketQueuedBytes"/>, MaxQueuedBytesTotal (<c>healthgateway_websocket_queued_bytes_limit</c>).</summary>
    public const string WebSocketQueuedBytesLimit = "healthgateway.websocket.queued_bytes_limit";

    /// <summary>Counter of WebSocket connections closed with 1008 because the client did not read (<c>healthgateway_websocket_slow_client_drops_total</c>).</summary>
    public const string WebSocketSlowClientDrops = "healthgateway.websocket.slow_client_drops";

    /// <summary>Counter of configuration reloads by result: applied, rejected or unchanged (<c>healthgateway_config_reloads_total</c>).</summary>
    public const string ConfigReloads = "healthgateway.config.reloads";

    /// <summary>Gauge (s) per service speaking TLS: until its server certificate expires, negative once expired (<c>healthgateway_certificate_expiry_seconds</c>).</summary>
    public const string CertificateExpiry = "healthgateway.certificate.expiry";
}
