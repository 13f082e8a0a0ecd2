using HealthGateway.Checks.Snapshots;
using Prometheus;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// The status gauges, read from the current readiness snapshot at scrape time: they always agree with
/// <c>/health/ready</c> (flap control included) and cost nothing between scrapes.
/// </summary>
public sealed class ReadinessMetrics
{
    private readonly HealthSnapshotStore _store;
    private readonly Gauge _serviceStatus;
    private readonly Gauge _ready;
    private readonly Gauge _status;

    /// <summary>Creates the gauges and refreshes them before every collection of <paramref name="metrics"/>.</summary>
    public ReadinessMetrics(GatewayMetricsRegistry metrics, HealthSnapshotStore store)
    {
        _store = store;
        _serviceStatus = metrics.Factory.CreateGauge(MetricNames.ServiceStatus,
            "Latest reported status of a service: 1 Healthy, 0.5 Degraded, 0 Unhealthy. Absent until its first check.",
            ["service", "kind", "critical"]);
        _ready = metrics.Factory.CreateGauge(MetricNames.Ready,
            "1 when /health/ready answers 200 (every critical service is up), 0 when it answers 503.");
        _status = metrics.Factory.CreateGauge(MetricNames.Status,
            "Overall status as /health/ready reports it: 1 Healthy, 0.5 Degraded, 0 Unhealthy.");
        metrics.Registry.AddBeforeCollectCallback(Refresh);
    }

    private void Refresh()
    {
        var snapshot = _store.Current;
        foreach (var entry in snapshot.Entries)
        {
            if (entry.Result is { } result)
            {
                var definition = entry.Definition;
                _serviceStatus.WithLabels(definition.Name, definition.Kind, definition.Critical ? "true" : "false")
                    .Set(StatusValue.Of(result.Status));
            }
        }

        _ready.Set(snapshot.Ready ? 1 : 0);
        _status.Set(StatusValue.Of(snapshot.Status));
    }
}
