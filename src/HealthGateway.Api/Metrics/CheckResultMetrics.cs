using HealthGateway.Checks.Configuration;
using HealthGateway.Checks.Execution;
using HealthGateway.Checks.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// Counts every completed check and records its duration. Runs on the poller's path, so it only updates
/// in-memory collectors. Results of the <c>notifier</c> health check also count as notifier diagnostics runs.
/// </summary>
public sealed class CheckResultMetrics(GatewayMetricsRegistry metrics, NotifierMetrics notifier) : ICheckResultSink
{
    private readonly Histogram _duration = metrics.Factory.CreateHistogram(MetricNames.CheckDuration,
        "How long each check of a service took, retries included.",
        ["service", "kind"],
        new HistogramConfiguration { Buckets = GatewayMetricsRegistry.DurationBuckets });

    private readonly Counter _checks = metrics.Factory.CreateCounter(MetricNames.Checks,
        "Completed checks of a service, by raw status (before flap control).",
        ["service", "status"]);

    /// <inheritdoc />
    public void OnResult(ServiceDefinition service, ServiceCheckResult raw, ServiceCheckResult reported)
    {
        _duration.WithLabels(service.Name, service.Kind).Observe(raw.Duration.TotalSeconds);
        _checks.WithLabels(service.Name, raw.Status.ToString()).Inc();
        if (string.Equals(service.Name, NotifierMetrics.ServiceName, StringComparison.OrdinalIgnoreCase))
        {
            notifier.Record(raw.Status == HealthStatus.Healthy, raw.Duration, NotifierMetrics.HealthCheckTrigger);
        }
    }
}
