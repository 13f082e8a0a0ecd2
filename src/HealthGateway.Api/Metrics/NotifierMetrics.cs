using Prometheus;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// Results of notifier diagnostics runs (five events over a real WebSocket). The <c>notifier</c> health check's
/// results are recorded automatically; <c>POST /diagnostics/notifier</c> records its runs with
/// <see cref="Record(bool, TimeSpan)"/>.
/// </summary>
public sealed class NotifierMetrics(GatewayMetricsRegistry metrics)
{
    /// <summary>The name the notifier health check is registered under.</summary>
    public const string ServiceName = "notifier";

    /// <summary>The trigger label of runs made by the poller.</summary>
    public const string HealthCheckTrigger = "healthcheck";

    /// <summary>The trigger label of runs asked for through <c>POST /diagnostics/notifier</c>.</summary>
    public const string RequestTrigger = "request";

    private readonly Counter _runs = metrics.Factory.CreateCounter(MetricNames.NotifierRuns,
        "Notifier diagnostics runs, by trigger (healthcheck or request) and result (success or failure).",
        ["trigger", "result"]);

    private readonly Histogram _duration = metrics.Factory.CreateHistogram(MetricNames.NotifierRunDuration,
        "How long a notifier diagnostics run took, by trigger.",
        ["trigger"],
        new HistogramConfiguration { Buckets = GatewayMetricsRegistry.DurationBuckets });

    /// <summary>Records one run asked for through the diagnostics endpoint.</summary>
    public void Record(bool success, TimeSpan duration) => Record(success, duration, RequestTrigger);

    internal void Record(bool success, TimeSpan duration, string trigger)
    {
        _runs.WithLabels(trigger, success ? "success" : "failure").Inc();
        _duration.WithLabels(trigger).Observe(duration.TotalSeconds);
    }
}
