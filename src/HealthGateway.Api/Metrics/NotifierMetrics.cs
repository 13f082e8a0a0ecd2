using System.Diagnostics.Metrics;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// Results of notifier diagnostics runs (five events over a real WebSocket). The <c>notifier</c> health check's
/// results are recorded automatically; <c>POST /diagnostics/notifier</c> records its runs with
/// <see cref="Record(bool, TimeSpan)"/>.
/// </summary>
public sealed class NotifierMetrics(GatewayMeter meter)
{
    /// <summary>The name the notifier health check is registered under.</summary>
    public const string ServiceName = "notifier";

    /// <summary>The trigger label of runs made by the poller.</summary>
    public const string HealthCheckTrigger = "healthcheck";

    /// <summary>The trigger label of runs asked for through <c>POST /diagnostics/notifier</c>.</summary>
    public const string RequestTrigger = "request";

    private readonly Counter<long> _runs = meter.Meter.CreateCounter<long>(MetricNames.NotifierRuns, unit: null,
        "Notifier diagnostics runs, by trigger (healthcheck or request) and result (success or failure).");

    private readonly Histogram<double> _duration = meter.CreateDurationHistogram(MetricNames.NotifierRunDuration,
        "How long a notifier diagnostics run took, by trigger.");

    /// <summary>Records one run asked for through the diagnostics endpoint.</summary>
    public void Record(bool success, TimeSpan duration) => Record(success, duration, RequestTrigger);

    internal void Record(bool success, TimeSpan duration, string trigger)
    {
        _runs.Add(1, new KeyValuePair<string, object?>("trigger", trigger), new KeyValuePair<string, object?>("result", success ? "success" : "failure"));
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("trigger", trigger));
    }
}
