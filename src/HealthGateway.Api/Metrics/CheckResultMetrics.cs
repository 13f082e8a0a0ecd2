using System.Diagnostics.Metrics;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// Counts every completed check and records its duration. Runs on the poller's path, so it only records to
/// instruments. Results of the <c>notifier</c> health check also count as notifier diagnostics runs.
/// </summary>
public sealed class CheckResultMetrics(GatewayMeter meter, NotifierMetrics notifier) : ICheckResultSink
{
    private readonly Histogram<double> _duration = meter.CreateDurationHistogram(MetricNames.CheckDuration,
        "How long each check of a service took, retries included.");

    private readonly Counter<long> _checks = meter.Meter.CreateCounter<long>(MetricNames.Checks, unit: null,
        "Completed checks of a service, by raw status (before flap control).");

    /// <inheritdoc />
    public void OnResult(ServiceDefinition service, ServiceCheckResult raw, ServiceCheckResult reported)
    {
        _duration.Record(raw.Duration.TotalSeconds,
            new KeyValuePair<string, object?>("service", service.Name), new KeyValuePair<string, object?>("kind", service.Kind));
        _checks.Add(1,
            new KeyValuePair<string, object?>("service", service.Name), new KeyValuePair<string, object?>("status", raw.Status.ToString()));
        if (string.Equals(service.Name, NotifierMetrics.ServiceName, StringComparison.OrdinalIgnoreCase))
        {
            notifier.Record(raw.Status == HealthStatus.Healthy, raw.Duration, NotifierMetrics.HealthCheckTrigger);
        }
    }
}
