using System.Diagnostics.Metrics;
using HealthGateway.Api.Health;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// The status gauges, observed from the current readiness view when a reader collects (a scrape of
/// <c>/metrics</c>, an OTLP export): they always agree with <c>/health/ready</c> (flap control and silences
/// included) and cost nothing in between. A service not checked yet, or no longer configured, has no series.
/// </summary>
public sealed class ReadinessMetrics
{
    /// <summary>Creates the observable gauges on <paramref name="meter"/>.</summary>
    public ReadinessMetrics(GatewayMeter meter, SilenceOverlay readiness)
    {
        meter.Meter.CreateObservableGauge(MetricNames.ServiceStatus, () => ObserveServices(readiness), unit: null,
            "Latest reported status of a service: 1 Healthy, 0.5 Degraded, 0 Unhealthy. Absent until its first check.");
        meter.Meter.CreateObservableGauge(MetricNames.Ready, () => readiness.Current.Snapshot.Ready ? 1 : 0, unit: null,
            "1 when /health/ready answers 200 (every critical service is up), 0 when it answers 503.");
        meter.Meter.CreateObservableGauge(MetricNames.Status, () => StatusValue.Of(readiness.Current.Snapshot.Status), unit: null,
            "Overall status as /health/ready reports it: 1 Healthy, 0.5 Degraded, 0 Unhealthy.");
    }

    private static IEnumerable<Measurement<double>> ObserveServices(SilenceOverlay readiness)
    {
        var entries = readiness.Current.Snapshot.Entries;
        var measurements = new List<Measurement<double>>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.Result is { } result)
            {
                var definition = entry.Definition;
                measurements.Add(new Measurement<double>(StatusValue.Of(result.Status),
                    new KeyValuePair<string, object?>("service", definition.Name),
                    new KeyValuePair<string, object?>("kind", definition.Kind),
                    new KeyValuePair<string, object?>("critical", definition.Critical ? "true" : "false")));
            }
        }

        return measurements;
    }
}
